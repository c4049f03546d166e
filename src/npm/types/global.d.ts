// parley-chat @VERSION@: the globals the classic scripts define.
// `/// <reference types="parley-chat/global" />` in pages that load parley-sdk.js / parley-widget.js / parley-desk.js by <script>.

import type { ParleySDK as ParleySDKClass } from './sdk';
import type { ParleyWidgetStatic } from './widget';
import type { ParleyDeskStatic } from './desk';

declare global {
  /** parley-sdk.js */
  var ParleySDK: typeof ParleySDKClass;
  /** parley-widget.js */
  var ParleyWidget: ParleyWidgetStatic;
  /** parley-desk.js */
  var ParleyDesk: ParleyDeskStatic;
}

export {};
