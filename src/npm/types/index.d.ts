// parley-chat @VERSION@: `import { ParleySDK } from 'parley-chat'` (the ES-module build of the SDK).
// One file per browser global (sdk.d.ts, widget.d.ts, ...): a new global adds its file and a line here
// and in global.d.ts.

export * from './sdk';
export * from './widget';
export * from './desk';
