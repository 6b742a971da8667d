import { describe, expect, it } from "vitest";
import { matchesPattern } from "./pattern.js";

interface PatternCase {
  name: string;
  pattern: string;
  value: string;
  matches: boolean;
}

const cases: PatternCase[] = [
  { name: "an exact pattern equals the value", pattern: "doc_1", value: "doc_1", matches: true },
  {
    name: "an exact pattern differs by one character",
    pattern: "doc_1",
    value: "doc_2",
    matches: false,
  },
  {
    name: "an exact pattern is a prefix of the value",
    pattern: "doc",
    value: "doc_1",
    matches: false,
  },
  {
    name: "an exact pattern is longer than the value",
    pattern: "doc_10",
    value: "doc_1",
    matches: false,
  },
  { name: "a lone star meets any value", pattern: "*", value: "anything at all", matches: true },
  { name: "a lone star meets the empty value", pattern: "*", value: "", matches: true },
  { name: "a prefix pattern meets its prefix", pattern: "cust_*", value: "cust_42", matches: true },
  {
    name: "a prefix pattern meets the bare prefix",
    pattern: "cust_*",
    value: "cust_",
    matches: true,
  },
  {
    name: "a prefix pattern misses another prefix",
    pattern: "cust_*",
    value: "acct_42",
    matches: false,
  },
  {
    name: "a prefix pattern misses an inner occurrence",
    pattern: "cust_*",
    value: "x_cust_1",
    matches: false,
  },
  { name: "a suffix pattern meets its suffix", pattern: "*_eu", value: "cust_eu", matches: true },
  {
    name: "a suffix pattern misses a trailing character",
    pattern: "*_eu",
    value: "cust_eu1",
    matches: false,
  },
  {
    name: "a middle star spans characters",
    pattern: "cust_*_eu",
    value: "cust_42_eu",
    matches: true,
  },
  { name: "a middle star spans nothing", pattern: "cust_*_eu", value: "cust__eu", matches: true },
  {
    name: "a middle star cannot reuse the prefix",
    pattern: "cust_*_eu",
    value: "cust_eu",
    matches: false,
  },
  { name: "several stars meet in order", pattern: "a*b*c", value: "a1b2c", matches: true },
  { name: "several stars need backtracking", pattern: "*ab*ab", value: "abxabab", matches: true },
  { name: "several stars miss the order", pattern: "a*b*c", value: "a1c2b", matches: false },
  { name: "adjacent stars act as one", pattern: "a**b", value: "axyb", matches: true },
  { name: "stars only meet the empty value", pattern: "***", value: "", matches: true },
  { name: "an empty pattern meets the empty value", pattern: "", value: "", matches: true },
  { name: "an empty pattern misses any other value", pattern: "", value: "a", matches: false },
  { name: "a literal pattern misses the empty value", pattern: "a", value: "", matches: false },
  { name: "a prefix pattern misses the empty value", pattern: "a*", value: "", matches: false },
  { name: "the case of a letter differs", pattern: "Doc_1", value: "doc_1", matches: false },
  { name: "the case differs after a star", pattern: "cust_*A", value: "cust_1a", matches: false },
  { name: "a dot is literal and meets a dot", pattern: "a.b", value: "a.b", matches: true },
  {
    name: "a dot is literal and misses another character",
    pattern: "a.b",
    value: "axb",
    matches: false,
  },
  { name: "a plus is literal and meets a plus", pattern: "a+b", value: "a+b", matches: true },
  {
    name: "a plus is literal and misses a repetition",
    pattern: "a+b",
    value: "aab",
    matches: false,
  },
  { name: "parentheses are literal", pattern: "(x)", value: "(x)", matches: true },
  { name: "parentheses do not group", pattern: "(x)", value: "x", matches: false },
  { name: "a question mark is literal", pattern: "a?", value: "ab", matches: false },
  { name: "brackets are literal", pattern: "[ab]", value: "a", matches: false },
  { name: "a caret and dollar are literal", pattern: "^a$", value: "^a$", matches: true },
  { name: "a backslash is literal", pattern: "a\\*", value: "a\\xyz", matches: true },
];

describe("matchesPattern", () => {
  it.each(cases.filter((c) => c.matches))("matches when $name", ({ pattern, value }) => {
    const result = matchesPattern(pattern, value);

    expect(result).toBe(true);
  });

  it.each(cases.filter((c) => !c.matches))("does not match when $name", ({ pattern, value }) => {
    const result = matchesPattern(pattern, value);

    expect(result).toBe(false);
  });

  it("denies quickly when a pathological pattern almost matches a long value", () => {
    const pattern = `${"a*".repeat(128)}b`;
    const value = "a".repeat(20_000);

    const started = performance.now();
    const result = matchesPattern(pattern, value);
    const elapsedMs = performance.now() - started;

    expect(result).toBe(false);
    expect(elapsedMs).toBeLessThan(1_000);
  });

  it("allows quickly when a pathological pattern matches a long value", () => {
    const pattern = `${"*a".repeat(128)}*`;
    const value = `${"ab".repeat(10_000)}`;

    const result = matchesPattern(pattern, value);

    expect(result).toBe(true);
  });
});
