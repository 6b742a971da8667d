export { type Access, can, type Viewer } from "./can.js";
export {
  type CustomerScreenContext,
  customerButtons,
  type ScreenButton,
  visibleCustomerButtons,
} from "./customer-screen.js";
