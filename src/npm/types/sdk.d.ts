// parley-chat @VERSION@: declarations of ParleySDK (parley-sdk.js / parley-sdk.mjs).
// Kept in step with the built SDK by SdkTypesE2ETest (methods and events, both directions).

/** A conversation (group) id: the number the server gives; numeric strings are accepted too. */
export type Gid = number | string;
/** A message id (`mid`): per conversation, increasing. */
export type Mid = number;

/** Who sent or did something. */
export interface ParleyUser {
  pin: string;
  appId: string;
  nickName?: string;
}

/** The SDK's client type: `m` (mobile web), `comet` (PC web), `android`, `iOS`. */
export type ClientType = 'm' | 'comet' | 'android' | 'iOS';

/** What `sdk.connect` takes. `token` or `tokenProvider` is required at runtime. */
export interface ChatConfig {
  /** `wss://chat.example.com/ws`; defaults to `/ws` on the page's own host. */
  url?: string;
  /** HMAC-signed `{pin, appId, exp}` from your backend; see docs/PROTOCOL.md. */
  token?: string;
  /**
   * A fresh token from your backend, asked for as the socket opens (in parallel), a little before the
   * token's `exp` (the session is renewed in place), after `token_expired` and on every reconnect.
   * A provider that rejects or throws ends the session: `error` `{code: 6005, error: 'token_provider_failed'}`.
   */
  tokenProvider?: () => Promise<string>;
  /** The user's id in your system, 1..64 characters. */
  pin: string;
  /** The user's application (or tenant), 1..64 characters. */
  appId: string;
  /** The one-to-one peer's pin (with `toAppId`). */
  toChat?: string;
  /** The one-to-one peer's appId (with `toChat`). */
  toAppId?: string;
  /**
   * `m`, `comet`, `android` or `iOS` (any other value is refused with `bad_argument`). Typed loosely so a
   * config written as a plain object literal (where 'm' widens to string) type-checks.
   */
  clientType?: ClientType | (string & {});
  /** How long a message may wait for its ack before it fails (default 20000, 1000..600000). */
  sendTimeoutMs?: number;
  /** Where images are uploaded (default `https://<url's host>/api/upload`). */
  uploadUrl?: string;
  /** Your display name, shown on your own messages before the server's copy arrives. */
  nickName?: string;
}

/** A message: what `message` events, history pages and acks carry. */
export interface ParleyMessage {
  mid: Mid;
  gid: number;
  /** `text`, `image`, or an agreed special type name (sendCustomMsg). */
  type: string;
  /** The text (or the fallback text of a special type). */
  content: string;
  /** A special type's JSON payload, an image's `{url, size, width, height}`. */
  payload?: unknown;
  from: ParleyUser;
  /** Server time, milliseconds since 1970. */
  timestamp: number;
  clientMsgId: string;
  /** A special type's version (sendCustomMsg opts). */
  version?: number;
  /** Set on a recalled message. */
  recalled?: boolean;
}

/** Error codes: server errors 4xxx/5000, client-side 6001..6005. */
export type ErrorCode =
  | 4000 | 4001 | 4002 | 4003 | 4004
  | 4010 | 4011 | 4012 | 4013 | 4014 | 4015 | 4016
  | 4030 | 4031 | 4032 | 4033 | 4034 | 4040 | 4041
  | 4100 | 4101 | 4102 | 4103 | 4104 | 4105 | 4106 | 4107
  | 4290 | 4291 | 4292 | 4293
  | 5000
  | 6001 | 6002 | 6003 | 6004 | 6005;

/** The error names beside the codes (docs/EMBEDDING.md "Troubleshooting" explains each). */
export type ErrorName =
  | 'bad_json' | 'unknown_type' | 'invalid_field' | 'frame_too_large' | 'binary_not_supported'
  | 'unauthenticated' | 'bad_token' | 'token_expired' | 'identity_mismatch' | 'already_authenticated'
  | 'auth_timeout' | 'revoked'
  | 'not_member' | 'group_full' | 'not_owner' | 'not_sender' | 'recall_window_passed'
  | 'no_such_group' | 'no_such_message'
  | 'bad_image' | 'unsupported_type' | 'truncated_image' | 'too_large' | 'too_many_pixels'
  | 'origin_not_allowed' | 'method_not_allowed' | 'upload_too_slow'
  | 'rate_limited' | 'quota_exceeded' | 'too_many_connections' | 'outbound_full'
  | 'internal'
  | 'not_connected' | 'timeout' | 'bad_argument' | 'aborted' | 'token_provider_failed';

/** A failure, as callbacks and the `error` event get it. Nothing is thrown into the host page. */
export interface ParleyError {
  /** `'error'` when the server sent it. */
  type?: 'error';
  /** The request id the server answered, when it answered one. */
  id?: string;
  code: ErrorCode;
  error: ErrorName;
  msg: string;
  /** `rate_limited`, `quota_exceeded`: the limit's flag name. */
  limit?: string;
  /** `rate_limited`: when to retry. */
  retryAfterMs?: number;
  /** A refused send: the message's client id. */
  clientMsgId?: string;
}

/** A request's answer: `code` 0 on success, else the error fields. */
export interface ResultPack {
  /** The answer packet's name (e.g. `chat_message_ack`), as the server sent it. */
  type?: string;
  /** The request id it answers. */
  id?: string;
  code: number;
  error?: ErrorName;
  msg?: string;
}

/** `sendTextMsg` & co: the ack (`code` 0) or the failure. */
export interface SendAck extends ResultPack {
  mid?: Mid;
  gid?: number;
  timestamp?: number;
  clientMsgId?: string;
  /** The stored message (on success). */
  message?: ParleyMessage;
}

/** A group member invited by `createGroup`. */
export interface Invitee {
  pin: string;
  app: string;
  nickName?: string;
}

/** `createGroup` options: the source document's fields. `modifyFiled: 1` creates, otherwise `gid` is updated. */
export interface GroupOptions {
  gid?: Gid;
  name?: string;
  nickName?: string;
  intro?: string;
  notice?: string;
  approvalRule?: string;
  sCode?: string;
  avatar?: string;
  modifyFiled?: number;
  canSearch?: number;
  /** Most members (up to 500). */
  max?: number;
  /** 512 internal, 1024 external; the server decides when left out. */
  kind?: number;
  invitation?: string;
  invitees?: Invitee[];
  bizExt?: Record<string, unknown>;
}

export interface GroupResult extends ResultPack {
  gid?: number;
}

/** A history page: `msgs` newest→oldest; `msgs[msgs.length-1].mid` is the next `startMid`. */
export interface HistoryResult extends ResultPack {
  msgs: ParleyMessage[];
  total: number;
  end: boolean;
}

/** `pullMsgsAfter` / `pullMsgsAround`: oldest first. */
export interface PageResult extends ResultPack {
  msgs: ParleyMessage[];
  end?: boolean;
}

/** What `sendImageMsg` takes: `{url, size}` alone works, as in the source. */
export interface ImageInfo {
  url: string;
  size: number;
  width?: number;
  height?: number;
}

/** `uploadImage`'s answer: `code` 0 with the stored image, or the failure. */
export interface UploadResult extends ResultPack {
  url?: string;
  size?: number;
  width?: number;
  height?: number;
  mime?: string;
}

/** `getReadState`: every member's read cursor. */
export interface ReadStateResult extends ResultPack {
  members?: Array<ParleyUser & { lastReadMid: Mid }>;
}

export interface UnreadConversation {
  gid: number;
  count: number;
  lastMid: Mid;
}

/** `getUnread`: `{total, conversations: [{gid, count, lastMid}]}`. */
export interface UnreadResult extends ResultPack {
  total: number;
  conversations: UnreadConversation[];
  more?: boolean;
}

/** `sendCustomMsg` opts, for clients that cannot render the type. */
export interface CustomMessageOptions {
  fallbackText?: string;
  version?: number;
}

/** A message not yet acknowledged (also those restored after a reload). */
export interface PendingMessage {
  clientMsgId: string;
  type: string;
  content: string;
  payload?: unknown;
  gid?: number;
  status: 'sending' | 'failed';
  [field: string]: unknown;
}

/** `sdk.state`. */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** An entry of the user's conversation list (docs/PROTOCOL.md "Conversation list"). */
export interface ConversationEntry {
  gid: number;
  /** `direct` (1:1) or `group`. */
  kind: 'direct' | 'group';
  /** A group's name (may be null); in a 1:1 the peer's display name. */
  name: string | null;
  avatar?: string | null;
  /** In a 1:1, the other member. */
  peer?: ParleyUser;
  /** The last message's time (or when the user joined). */
  time: number;
  lastMid: Mid;
  /** The user's unread count there. */
  unread: number;
  /** The newest message, absent when there is none. */
  last?: { mid: Mid; msgType: string; from: ParleyUser; timestamp: number; preview: string; recalled?: boolean };
}

/** `listConversations` options, each optional (the server checks them). */
export interface ConversationListOptions {
  /** 1..100, default 20. */
  limit?: number;
  /** The `next` of the previous page (opaque); omitted = the newest first. */
  before?: string;
  /** A name or pin prefix (at most 64 characters). */
  filter?: string;
}

/** `listConversations`: one page, most recent activity first. */
export interface ConversationListResult extends ResultPack {
  conversations: ConversationEntry[];
  /** Pass as `before` for the next page (absent at the end). */
  next?: string;
  /** True when no older conversation is left. */
  end: boolean;
}

/** Every event with its payload type: `sdk.on(name, (payload) => ...)`. */
export interface ParleySDKEvents {
  /** Logged in: `{pin, appId, reconnected}`. */
  open: { pin: string; appId: string; reconnected: boolean };
  /** A message from someone (also those fetched after a reconnect). */
  message: ParleyMessage;
  /** Your message was stored: the ack. */
  chat_message_ack: SendAck;
  /** A message failed (refused, or no ack within `sendTimeoutMs`). */
  send_failed: ParleyError;
  /** The socket closed; `willReconnect` false ends the session. */
  close: { code: number; reason: string; willReconnect: boolean };
  /** The next attempt: `{attempt, delayMs, at}`. */
  reconnecting: { attempt: number; delayMs: number; at: number };
  /** `{state}`: `connecting`, `open`, `reconnecting`, `offline`, `closed`. */
  state: { state: 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed' };
  /** `{code, error, msg}`: a token problem or refused origin ends the connection. */
  error: ParleyError;
  /** Pending messages found after a reload. */
  outbox_restored: PendingMessage[];
  /**
   * Reload the newest page: `too_many_missed` (of conversation `gid`, newest `lastMid`), or `epoch` (the
   * server's store was replaced: every cursor is void).
   */
  resync: { reason: 'epoch' | 'too_many_missed'; gid?: number; lastMid?: Mid };
  /** A message was recalled. */
  recalled: { type: 'recalled'; gid: number; mid: Mid; by: ParleyUser; timestamp: number };
  /** A member read up to `mid`. */
  read_receipt: { type: 'read_receipt'; gid: number; reader: ParleyUser; mid: Mid };
  /** Unread count of a conversation changed. */
  unread: { type: 'unread'; gid: number; count: number; total: number };
  /** Someone is typing. */
  typing: { type: 'typing'; gid: number; from: ParleyUser; ttlMs: number };
  /** Entries of your conversation list changed (last message, unread count or name); coalesced per 150 ms. */
  conversation_updated: { type: 'conversation_updated'; conversations: ConversationEntry[] };
}

export type ParleySDKEventName = keyof ParleySDKEvents;

/** The SDK calls without `connect`: also the widget's `handle.sdk`. */
export interface ChatApi {
  /** Adds a handler for an event. */
  on<E extends ParleySDKEventName>(event: E, fn: (data: ParleySDKEvents[E]) => void): void;
  /** `'*'` hears every event as `fn(data, event)` (logging, debugging). */
  on(event: '*', fn: (data: ParleySDKEvents[ParleySDKEventName], event: ParleySDKEventName) => void): void;
  /** Removes a handler; without `fn`, every handler of the event. */
  off(event: ParleySDKEventName | '*', fn?: (...args: any[]) => void): void;
  /** `idle`, `connecting`, `open`, `reconnecting`, `closed`. */
  readonly state: ConnectionState;
  /** Create (`modifyFiled: 1`) or update a group; `cb(pack)`: `pack.code` 0 and `pack.gid`, or `pack.msg`. */
  createGroup(opts: GroupOptions, cb?: (pack: GroupResult) => void): void;
  /** `startMid` -1 = newest; `cb(res)` with `res.msgs` newest→oldest, `res.total`, `res.end`. */
  pullHistoryMsg(startMid: Mid, count: number, cb: (res: HistoryResult) => void, gid?: Gid): void;
  /** Returns the client message id; `cb(pack)` with the ack (`code` 0, `mid`, `timestamp`, `message`) or the failure. */
  sendTextMsg(text: string, cb?: (pack: SendAck) => void, gid?: Gid): string;
  /** A "special type" message: agreed `type` name, JSON `payload`; `opts` for clients that cannot render the type. */
  sendCustomMsg(type: string, payload: unknown, cb?: (pack: SendAck) => void, gid?: Gid, opts?: CustomMessageOptions): string;
  /** Uploads to the Parley server (`POST /api/upload`); `onProgress(loaded, total)` ends at 100 %; a Blob over the server's `maxUploadBytes` fails at once (`too_large`, no request); returns `{abort()}`. */
  uploadImage(fileOrBlob: Blob, onProgress?: ((loaded: number, total: number) => void) | null,
    cb?: (res: UploadResult) => void): { abort(): void };
  /** An image message; `{url, size}` alone works, as in the source. */
  sendImageMsg(image: ImageInfo, cb?: (pack: SendAck) => void, gid?: Gid): string;
  /** Forward paging: oldest first. */
  pullMsgsAfter(startMid: Mid, count: number, cb: (res: PageResult) => void, gid?: Gid): void;
  /** A page around a message (jump to first unread): oldest first. */
  pullMsgsAround(mid: Mid, count: number, cb: (res: PageResult) => void, gid?: Gid): void;
  /** Recalls your own message within the server's window (default 2 min). */
  recallMsg(mid: Mid, cb?: (pack: ResultPack) => void, gid?: Gid): void;
  /** Moves your read cursor. */
  markRead(mid: Mid, gid?: Gid): void;
  /** Every member's `lastReadMid`. */
  getReadState(cb: (res: ReadStateResult) => void, gid?: Gid): void;
  /** `{total, conversations: [{gid, count, lastMid}]}`. */
  getUnread(cb: (res: UnreadResult) => void): void;
  /** Typing indicator (sent at most every 2 s). */
  sendTyping(gid?: Gid): void;
  /** Sends a failed message again under the same id: delivered once. False when there is no such message. */
  resendMsg(clientMsgId: string, cb?: (pack: SendAck) => void): boolean;
  /** Unacknowledged messages (also those restored after a reload). */
  pendingMessages(): PendingMessage[];
  /** Closes for good (no reconnect). */
  close(): void;
}

/** A client; nothing happens until `connect`. Its calls are those of {@link ChatApi}. */
export declare class ParleySDK {
  constructor();
  /** The release (pom.xml's version), as the server's /api/health reports it. */
  static readonly version: string;
  /**
   * Opens the socket and logs in with the token. `cb(sdk)` runs before `open`, so handlers added in it
   * see `open`. `gid` is the default conversation; without it, sends go one-to-one to `toChat`/`toAppId`.
   */
  connect(chatConfig: ChatConfig, cb?: (sdk: ParleySDK) => void, gid?: Gid): void;
  /**
   * One page of my conversations, newest activity first (the desk's list); changes arrive as
   * `conversation_updated` events. Not on the widget's `handle.sdk`; on the desk's.
   */
  listConversations(opts: ConversationListOptions, cb: (res: ConversationListResult) => void): void;
}

export interface ParleySDK extends ChatApi {}
