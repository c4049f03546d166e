// parley-chat @VERSION@: declarations of ParleyWidget (parley-widget.js + parley-widget.css).

import type { ChatApi, ChatConfig, ClientType, Gid, ParleyError, ParleyMessage } from './sdk';

/** Names, avatars and sides per user: keys `'pin/appId'`, `'pin'` or `'appId'`. */
export interface WidgetRole {
  name?: string;
  avatar?: string;
  side?: 'left' | 'right';
}

/**
 * `'light'` or `'dark'` forces a colour scheme (`'auto'` follows `prefers-color-scheme`); or CSS custom
 * properties, `{ accent: '#0a7', 'panel-border': '1px solid #ddd' }` (keys without `--` get `--pw-`),
 * with `mode: 'light' | 'dark'` beside them.
 */
export type WidgetTheme = 'auto' | 'light' | 'dark' | ({ mode?: 'auto' | 'light' | 'dark' } & Record<string, string>);

/** `ParleyWidget.mount` options: the SDK's chat config plus the widget's own (docs/EMBEDDING.md). */
export interface WidgetOptions extends Partial<ChatConfig> {
  /** The chat config as one object, instead of its fields at the top level. */
  chatConfig?: ChatConfig;
  /** A group to show instead of a one-to-one chat. */
  gid?: Gid;
  /** Default `'comet'`. */
  clientType?: ClientType | (string & {});
  /** `'en'` (or `en-*`) for English; anything else is Chinese. */
  locale?: string;
  /** `'rtl'` for right-to-left. */
  dir?: 'ltr' | 'rtl';
  /** The header's title (default: the peer's role name, nickName or pin). */
  title?: string;
  /** With `gid`: the group's name in the header. */
  groupName?: string;
  roles?: Record<string, WidgetRole>;
  theme?: WidgetTheme;
  /** Floating: `'left'` puts the launcher bottom left. */
  position?: 'left' | 'right';
  /** Floating: start with the panel open. */
  open?: boolean;
  /** The host element's z-index (floating default 2147483000). */
  zIndex?: number;
  /** Another stylesheet URL (the media chunk is then loaded beside it). */
  cssUrl?: string;
  /** Show the unread count in the page title. */
  titleBadge?: boolean;
  /** A lower cap for typed messages (the server's limit is 5000). */
  maxLength?: number;
  /** Messages per history page (1..100, default 20). */
  pageSize?: number;
  /** Called once when the chat ends for a token problem or a refused origin. */
  onError?: (err: ParleyError) => void;
  /** Your own text for the "session expired or refused" banner. */
  signInText?: string;
}

/** What `mount` returns. */
export interface WidgetHandle {
  /** The widget's SDK: every call of ParleySDK but `connect` (e.g. `chat.sdk.sendCustomMsg('order', {...})`). */
  readonly sdk: ChatApi;
  /** Opens the panel. */
  open(): void;
  /** Closes the panel. */
  close(): void;
  /** Removes the widget and closes its connection. */
  destroy(): void;
}

/** What a custom renderer gets beside the message. */
export interface RendererContext {
  /** True for your own messages. */
  self: boolean;
  locale: string;
  strings: { viewOrder: string; image: string };
  /** The URL the widget's files came from. */
  assets: string;
}

/** Draws a message of a special type; the returned node is shown (message text is never inserted as HTML). */
export type MessageRenderer = (msg: ParleyMessage, ctx: RendererContext) => Node | null;

/** The one global of parley-widget.js. */
export interface ParleyWidgetStatic {
  /**
   * Mounts the chat into `target` (a selector or element), or as a floating launcher with `null`.
   * Returns null (and warns once) for bad options or a missing element.
   */
  mount(target: string | Element | null, options: WidgetOptions): WidgetHandle | null;
  /** Registers `fn(msg, ctx)` → DOM node for messages of a special type; `null` removes it. */
  registerRenderer(type: string, fn: MessageRenderer | null): void;
}
