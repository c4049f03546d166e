// Compiled with `tsc --strict --noEmit` against the packed parley-chat tarball (NpmPackageTypesTest):
// every API the README shows, its embed snippets and the source document's snippets, verbatim.
/// <reference types="parley-chat/global" />
import { ParleySDK } from 'parley-chat';
import type {
  ChatConfig, ErrorCode, ErrorName, HistoryResult, ParleyError, ParleyMessage, ParleySDKEvents, PendingMessage,
  SendAck, UnreadResult, WidgetHandle, WidgetOptions, DeskHandle, DeskOptions, ConversationListResult,
} from 'parley-chat';

declare const tokenFromYourBackend: string;
declare const groupId: number;
declare const file: File;
const onMessage = (msg: ParleyMessage): void => {
  const who: string = msg.from.pin + '/' + msg.from.appId;
  const when: number = msg.timestamp;
  console.log(who, when, msg.mid, msg.gid, msg.type, msg.content, msg.payload, msg.clientMsgId);
};

// README "Embed the SDK" (the <script> body)
export function readmeEmbedSdk(): void {
  const sdk = new ParleySDK();
  const chatConfig = {
    url: 'wss://chat.example.com/ws',
    token: tokenFromYourBackend,       // HMAC-signed {pin, appId, exp}; see docs/PROTOCOL.md
    // or, instead of (or besides) token: renewed for you before exp, after token_expired, on reconnect
    // tokenProvider: () => fetch('/my/parley-token').then((r) => r.text()),
    pin: 'patient-1', appId: 'clinic.web',
    toChat: 'doctor-7', toAppId: 'clinic.web',
    clientType: 'm'                    // m | comet | android | iOS
  };
  sdk.connect(chatConfig, (socket) => {
    sdk.on('open', (data) => { /* logged in */ });
    sdk.on('message', onMessage);
    sdk.on('chat_message_ack', (ack) => console.log(ack.mid));
  }, groupId);

  // README "Embed the widget" (the <script> body)
  const chat = ParleyWidget.mount('#chat', { ...chatConfig, locale: 'en',
    title: 'Dr. Wang',                 // optional: the header's title (default: the peer's role name, nickName or pin)
    groupName: 'Care team',            // optional, with gid: the group's name in the header
    theme: { accent: '#0a7' } });      // any --pw-* custom property, e.g. 'panel-border': '1px solid #ddd';
                                       // theme: 'dark' / 'light' (or mode: 'dark' in the object) forces a scheme
  chat?.open();
}

// The package's own README (src/npm/README.md), its ES-module example
export function packageReadme(): void {
const sdk = new ParleySDK();
sdk.connect({
  url: 'wss://chat.example.com/ws',
  tokenProvider: () => fetch('/my/parley-token').then((r) => r.text()),   // or token: '…'
  pin: 'patient-1', appId: 'clinic.web',
  toChat: 'doctor-7', toAppId: 'clinic.web',
}, (sdk) => {
  sdk.on('open', (data) => console.log('logged in as', data.pin));
  sdk.on('message', (msg) => console.log(msg.from.pin, msg.content));
});
sdk.sendTextMsg('Hello', (ack) => console.log(ack.code === 0 ? ack.mid : ack.msg));
}

// README "SDK API": every call, event and shape
export function readmeSdkApi(sdk: ParleySDK, gid: number): void {
  const version: string = ParleySDK.version;
  const withProvider: ChatConfig = {
    url: 'wss://chat.example.com/ws', pin: 'p', appId: 'a', sendTimeoutMs: 20000,
    tokenProvider: () => fetch('/my/parley-token').then((r) => r.text()),
  };
  sdk.connect(withProvider, (s: ParleySDK) => s.on('open', (d) => console.log(d.pin, d.appId, d.reconnected)), gid);
  const h = (m: ParleyMessage) => console.log(m.content);
  sdk.on('message', h);
  sdk.off('message', h);
  sdk.off('message');
  sdk.createGroup({ modifyFiled: 1, name: 'n', invitees: [{ pin: 'p', app: 'a', nickName: 'n' }], bizExt: {} },
    (pack) => console.log(pack.code === 0 ? pack.gid : pack.msg));
  sdk.pullHistoryMsg(-1, 10, (res: HistoryResult) => {
    const next = res.msgs[res.msgs.length - 1].mid;
    console.log(next, res.total, res.end);
  }, gid);
  const id: string = sdk.sendTextMsg('hi', (pack: SendAck) => console.log(pack.code, pack.mid, pack.timestamp, pack.message), gid);
  sdk.sendCustomMsg('order', { orderId: 7 }, (pack) => console.log(pack.code), gid, { fallbackText: 'An order', version: 2 });
  sdk.sendImageMsg({ url: 'https://chat.example.com/media/a.png', size: 1000, width: 64, height: 48 }, (m) => {}, gid);
  const upload = sdk.uploadImage(file, (loaded, total) => console.log(loaded / total),
    (res) => { if (res.code === 0) { sdk.sendImageMsg({ url: res.url!, size: res.size!, width: res.width, height: res.height }); } });
  upload.abort();
  const resent: boolean = sdk.resendMsg(id, (pack) => console.log(pack.code));
  const pending: PendingMessage[] = sdk.pendingMessages();
  pending.forEach((p) => console.log(p.clientMsgId, p.type, p.content, p.status === 'sending' || p.status === 'failed'));
  sdk.pullMsgsAfter(10, 20, (res) => console.log(res.msgs.length), gid);
  sdk.pullMsgsAround(15, 20, (res) => console.log(res.msgs.length), gid);
  sdk.recallMsg(15, (pack) => console.log(pack.code), gid);
  sdk.markRead(15, gid);
  sdk.getReadState((res) => res.members?.forEach((m) => console.log(m.pin, m.lastReadMid)), gid);
  sdk.getUnread((res: UnreadResult) => console.log(res.total, res.conversations.map((c) => [c.gid, c.count, c.lastMid])));
  sdk.sendTyping(gid);
  const state: 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' = sdk.state;
  sdk.close();
  console.log(version, resent, state);

  // Events with their payloads
  sdk.on('open', (d) => console.log(d.reconnected));
  sdk.on('chat_message_ack', (a) => console.log(a.clientMsgId));
  sdk.on('send_failed', (e) => console.log(e.clientMsgId, e.code));
  sdk.on('close', (c) => console.log(c.code, c.reason, c.willReconnect));
  sdk.on('reconnecting', (r) => console.log(r.attempt, r.delayMs, r.at));
  sdk.on('state', (s) => console.log(s.state === 'offline'));
  sdk.on('error', (e: ParleyError) => {
    const code: ErrorCode = e.code;
    const name: ErrorName = e.error;
    if (code === 6003 && name === 'bad_argument') console.log(e.msg);
    if (name === 'token_provider_failed' || name === 'origin_not_allowed' || name === 'rate_limited') console.log(e.retryAfterMs);
  });
  sdk.on('outbox_restored', (list) => console.log(list.length));
  sdk.on('resync', (r) => console.log(r.gid, r.reason));
  sdk.on('recalled', (r) => console.log(r.gid, r.mid, r.by.pin));
  sdk.on('read_receipt', (r) => console.log(r.reader.pin, r.mid));
  sdk.on('unread', (u) => console.log(u.gid, u.count, u.total));
  sdk.on('typing', (t) => console.log(t.gid, t.from.pin, t.ttlMs));
  sdk.on('conversation_updated', (u) => u.conversations.forEach((c) => console.log(c.gid, c.kind, c.name, c.unread, c.last?.preview)));
  sdk.on('*', (data, event: keyof ParleySDKEvents) => console.log(event, data));
}

// docs/EMBEDDING.md's widget options and handle
export function widgetApi(token: string): void {
  const options: WidgetOptions = {
    url: 'wss://chat.example.com/ws', token, pin: 'p', appId: 'a', toChat: 'd', toAppId: 'a', clientType: 'comet',
    sendTimeoutMs: 20000, uploadUrl: 'https://chat.example.com/api/upload', locale: 'en', dir: 'rtl', title: 't',
    groupName: 'g', nickName: 'me', roles: { 'd/a': { name: 'Dr.', avatar: '/a.png', side: 'left' } },
    theme: { mode: 'dark', accent: '#0a7', 'panel-border': '1px solid #ddd' }, position: 'left', open: true,
    zIndex: 10, cssUrl: '/x.css', titleBadge: true, maxLength: 500, pageSize: 30,
    onError: (err) => console.log(err.code, err.error), signInText: 'Sign in again',
  };
  const chat: WidgetHandle | null = ParleyWidget.mount(document.getElementById('chat'), options);
  ParleyWidget.mount(null, { chatConfig: { pin: 'p', appId: 'a', token }, theme: 'dark' });
  if (chat) {
    chat.open();
    chat.close();
    chat.sdk.sendCustomMsg('order', { id: 1 });
    chat.destroy();
  }
  ParleyWidget.registerRenderer('order', function (msg, ctx) {
    const el = document.createElement('div');
    el.textContent = (ctx.self ? 'mine: ' : '') + ctx.strings.viewOrder + ' ' + JSON.stringify(msg.payload) + ctx.locale + ctx.assets;
    return el;
  });
  ParleyWidget.registerRenderer('order', null);
}

// The desk (docs/EMBEDDING.md 3b) and the SDK's conversation list
export function deskAndConversationList(chatConfig: ChatConfig, sdk: ParleySDK): void {
  const options: DeskOptions = { ...chatConfig, locale: 'en', quickReplies: ['Hello, how can I help?'], sound: false,
    roles: { 'clinic.doctor': { name: 'Dr. Wang (me)' } }, widgetCssUrl: '/parley-widget.css', theme: 'auto' };
  const desk: DeskHandle | null = ParleyDesk.mount('#desk', options);
  if (desk) {
    desk.select(42);
    desk.sdk.listConversations({ limit: 20, filter: 'ann' }, (res) => console.log(res.conversations.length));
    desk.sdk.markRead(3, 42);
    desk.destroy();
  }
  ParleyDesk.registerRenderer('order', null);
  sdk.listConversations({ limit: 20 }, (res: ConversationListResult) => {
    for (const c of res.conversations) {
      const preview: string | undefined = c.last?.preview;
      console.log(c.gid, c.kind, c.name, c.peer?.pin, c.time, c.lastMid, c.unread, preview, c.last?.recalled);
    }
    if (!res.end && res.next) {
      sdk.listConversations({ before: res.next }, (more) => console.log(more.conversations));
    }
  });
}

// The source document's snippets (shared/seed), inside the component they came from
export class SourceDocumentPage {
  chatConfig!: ChatConfig;
  groupId = 1111;
  startMid = -1;
  pullCount = 10;
  showLoading = true;
  pullHistoryLoading = false;
  hasMoreHistory = true;
  scrollToId = 0;
  datacon: { chatList: Array<ParleyMessage & { id: number }> } = { chatList: [] };
  onMessage = (msg: ParleyMessage): void => { this.datacon.chatList.push({ ...msg, id: msg.mid }); };
  combineRolesToMsg(msg: ParleyMessage): (ParleyMessage & { id: number }) | null { return { ...msg, id: msg.mid }; }
  scrollToChatItem(id: number): void { console.log(id); }

  createGroup(sdk: ParleySDK): void {
sdk.createGroup({
        'gid': 1111,//"群组id（更新必填）
        'name': '群test',
        'nickName': 'aaa',
        'intro': '群组介绍test',
        'notice': '群公告group notice',
        'approvalRule': 'identity',
        'sCode': '',
        'avatar': '群自定义头像',
        'modifyFiled': 1,//创建群
        'canSearch': 1,//1能，0不能被搜索到
        'max': 5, //群人数
        'kind': 1024, //群类型：(数字型), 512:内部群，1024:外部群；上行不填,服务器根据成员app赋值;
        'invitation': '邀请语hi join us',
        'invitees': [
          { 'pin': 'aaa', 'app': 'ee', 'nickName':'咚咚'},
          { 'pin': '@im.jd.com', 'app': 'jd.waiter', 'nickName':'京东客服'}
        ],
        'bizExt': {
          'accessType': ''
        }
      }, function (pack) {
      })
  }

  connect(sdk: ParleySDK): void {
    const this_ = this;
this.chatConfig = {
      pin: 'aaa',//当前登录用户的身份ID
      appId: 'open.5478494bd9d948.cc',//当前登录用户角色
      toChat: '@im.jd.com',//和谁建立聊天？对方的身份ID(单人或群聊)
      toAppId: 'jd.waiter',//对方的登录角色
      clientType: 'm',//客户端类型，常量，可选值：m（移动WEB）/comet（PC WEB）/android（安卓客户端）/iOS（iOS客户端）
      //SDK链接的Websocket服务地址，默认为ws://ws0-dd.jd.com(内网可访问)。生产环境Websocket地址请咨询服务端获取
    }

sdk.connect(this.chatConfig, (socket) => {
      sdk.on('open', function (data) {
        this_.showLoading = false
      })
      sdk.on('message', this_.onMessage)
      sdk.on('chat_message_ack', function (data) {
        console.log(data,'发送成功已读chat_message_ack')
      })
    }, this.groupId)
  }

  pullHistory(sdk: ParleySDK): void {
sdk.pullHistoryMsg(this.startMid, this.pullCount, (res) => {}, this.groupId)
  }

  sendImage(sdk: ParleySDK): void {
      sdk.sendImageMsg({url:'https://img11.360buyimg.com/ddimg/jfs/t6436/303/516091211/296860/207778b9/594126c0Nfd1dcd58.png',size:1000}, (message) => {}, this.groupId)
  }
}

// The source's handleHistoryResult, a method whose `res` and `this` get their types from the literal's type
interface HistoryPage {
  pullHistoryLoading: boolean;
  hasMoreHistory: boolean;
  startMid: number;
  scrollToId: number;
  datacon: { chatList: Array<ParleyMessage & { id: number }> };
  combineRolesToMsg(msg: ParleyMessage): (ParleyMessage & { id: number }) | null;
  scrollToChatItem(id: number): void;
  handleHistoryResult(res: HistoryResult): void;
}

export const historyPage: HistoryPage = {
  pullHistoryLoading: true,
  hasMoreHistory: true,
  startMid: -1,
  scrollToId: 0,
  datacon: { chatList: [] },
  combineRolesToMsg(msg) { return { ...msg, id: msg.mid }; },
  scrollToChatItem(id) { console.log(id); },
  handleHistoryResult (res) {
      this.pullHistoryLoading = false
      if (res.msgs && res.msgs.length) {
        let historyList = res.msgs
        // 保存mid
        const _mid = historyList[historyList.length - 1].mid
        // 更新消息对应角色
        const { chatList } = this.datacon

        if (chatList.length) {
          this.scrollToId = chatList[0].id
        }
        for (let i = 0; i < historyList.length; i++) {
          let msgItemPush = this.combineRolesToMsg(historyList[i])
          if (msgItemPush) {
            chatList.unshift(msgItemPush)
          }
        }

        if (res.end) {
          this.hasMoreHistory = false
        } else {
          this.hasMoreHistory = true
        }
        this.startMid = _mid
        this.datacon.chatList = chatList
        console.log(chatList)
        this.scrollToChatItem(this.scrollToId)
      } else {
        // 没有更多历史消息
        this.hasMoreHistory = false
      }
    }
};

// The types are not `any`: each of these must be an error (tsc fails on an unused @ts-expect-error)
export function misuse(sdk: ParleySDK): void {
  // @ts-expect-error an event that does not exist
  sdk.on('no_such_event', () => {});
  // @ts-expect-error a message has no such field
  sdk.on('message', (m) => console.log(m.nope));
  // @ts-expect-error text must be a string
  sdk.sendTextMsg(42);
  // @ts-expect-error the version is read-only
  ParleySDK.version = '1.0.0';
  // @ts-expect-error no such method
  sdk.sendVideoMsg();
  // @ts-expect-error mount needs options
  ParleyWidget.mount('#chat');
  // @ts-expect-error the desk has no floating launcher
  ParleyDesk.mount(null, {});
  // @ts-expect-error not an error code
  const code: ErrorCode = 1234;
  console.log(code);
}
