// parley-chat @VERSION@: declarations of ParleyDesk (parley-desk.js + parley-desk.css; its chat views load
// parley-widget.css). docs/EMBEDDING.md section 3b.

import type { ChatApi, Gid, ParleySDK } from './sdk';
import type { MessageRenderer, WidgetOptions } from './widget';

/** `ParleyDesk.mount` options: the widget's (no `toChat`/`gid`: the list chooses) plus the desk's own. */
export interface DeskOptions extends Omit<WidgetOptions, 'gid' | 'groupName' | 'position' | 'open' | 'title'> {
  /** Texts inserted with `/` in the composer or from the quick-reply menu. */
  quickReplies?: string[];
  /** A short tone for messages not on screen (default true; the speaker button turns it off). */
  sound?: boolean;
  /** The chat views' stylesheet (default: parley-widget.css beside parley-desk.js). */
  widgetCssUrl?: string;
}

/** What `ParleyDesk.mount` returns. */
export interface DeskHandle {
  /** The desk's engine: every call of the widget's SDK plus `listConversations`. */
  readonly sdk: ChatApi & Pick<ParleySDK, 'listConversations'>;
  /** Opens a conversation from the host page. */
  select(gid: Gid): void;
  /** Removes the desk and closes its connection. */
  destroy(): void;
}

/** The one global of parley-desk.js. */
export interface ParleyDeskStatic {
  /** Mounts the desk into `target` (a selector or element with a height); null for bad options or a missing element. */
  mount(target: string | Element, options: DeskOptions): DeskHandle | null;
  /** As `ParleyWidget.registerRenderer`, for the desk's chat views. */
  registerRenderer(type: string, fn: MessageRenderer | null): void;
}
