// parley-chat @VERSION@: the globals the classic scripts define.
// `/// <reference types="parley-chat/global" />` in pages that load parley-sdk.js / parley-widget.js by <script>.

import type { ParleySDK as ParleySDKClass } from './sdk';
import type { ParleyWidgetStatic } from './widget';

declare global {
  /** parley-sdk.js */
  var ParleySDK: typeof ParleySDKClass;
  /** parley-widget.js */
  var ParleyWidget: ParleyWidgetStatic;
}

export {};
