// A host page's own UI over ParleySDK, written the way the DongDong write-up's Vue code is.
// Query: ?pin=..&appId=..&toChat=..&toAppId=..&gid=..&clientType=..
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var sdk = new ParleySDK();
  var $ = function (id) { return document.getElementById(id); };

  var app = {
    chatConfig: {
      url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
      pin: q.get('pin') || 'patient-1',
      appId: q.get('appId') || 'parley.demo',
      toChat: q.get('toChat') || 'doctor-7',
      toAppId: q.get('toAppId') || 'parley.demo',
      clientType: q.get('clientType') || 'comet'
    },
    groupId: q.get('gid') ? Number(q.get('gid')) : undefined,
    startMid: -1,
    pullCount: 10,
    hasMoreHistory: true,
    pullHistoryLoading: false,
    showLoading: true,
    scrollToId: null,
    datacon: { chatList: [] },

    start: function () {
      var this_ = this;
      $('who').textContent = '(' + this.chatConfig.pin + ')';
      // the SDK asks for a token when it opens the socket (in parallel), before exp and on reconnect
      this.chatConfig.tokenProvider = function () {
        return fetch('/api/dev/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ pin: this_.chatConfig.pin, appId: this_.chatConfig.appId })
        }).then(function (r) {
          if (!r.ok) { throw new Error('token request failed: HTTP ' + r.status); }
          return r.json();
        }).then(function (t) { return t.token; });
      };
      this.connect();
    },

    connect: function () {
      var this_ = this;
      sdk.connect(this.chatConfig, function (socket) {
        sdk.on('open', function (data) {
          this_.showLoading = false;
          $('status').textContent = 'open';
          if (this_.groupId && !data.reconnected) { this_.firstPage(); }
        });
        sdk.on('message', this_.onMessage.bind(this_));
        sdk.on('chat_message_ack', function (data) {
          console.log(data, 'chat_message_ack');
        });
        sdk.on('close', function (e) { $('status').textContent = e.willReconnect ? 'reconnecting' : 'closed'; });
        sdk.on('error', function (e) { this_.showError(e.msg); });
      }, this.groupId);
    },

    createGroup: function () {
      var this_ = this;
      sdk.createGroup({
        'gid': 1111,
        'name': '群test',
        'nickName': this.chatConfig.pin,
        'intro': '群组介绍test',
        'notice': '群公告group notice',
        'approvalRule': 'identity',
        'sCode': '',
        'avatar': '', // the source's '群自定义头像' is no URL: avatars must be files of this server (or --media-origins)
        'modifyFiled': 1,
        'canSearch': 1,
        'max': 5,
        'kind': 1024,
        'invitation': '邀请语hi join us',
        'invitees': [
          { 'pin': this.chatConfig.toChat, 'app': this.chatConfig.toAppId, 'nickName': 'Doctor' }
        ],
        'bizExt': { 'accessType': '' }
      }, function (pack) {
        if (pack.code !== 0) { this_.showError(pack.msg); return; }
        this_.groupId = pack.gid;
        $('gid').textContent = String(pack.gid);
        this_.firstPage();
      });
    },

    firstPage: function () {
      $('gid').textContent = String(this.groupId);
      this.startMid = -1;
      this.datacon.chatList = [];
      this.render();
      this.pullHistory();
    },

    pullHistory: function () {
      if (this.pullHistoryLoading) { return; }
      this.pullHistoryLoading = true;
      sdk.pullHistoryMsg(this.startMid, this.pullCount, (res) => { this.handleHistoryResult(res); }, this.groupId);
    },

    // As in the write-up: res.msgs is newest→oldest, so unshift rebuilds the order.
    handleHistoryResult: function (res) {
      this.pullHistoryLoading = false;
      if (res.code !== 0) { this.showError(res.msg); return; }
      if (res.msgs && res.msgs.length) {
        let historyList = res.msgs;
        const _mid = historyList[historyList.length - 1].mid;
        const { chatList } = this.datacon;
        if (chatList.length) {
          this.scrollToId = chatList[0].id;
        }
        for (let i = 0; i < historyList.length; i++) {
          let msgItemPush = this.combineRolesToMsg(historyList[i]);
          if (msgItemPush) {
            chatList.unshift(msgItemPush);
          }
        }
        if (res.end) {
          this.hasMoreHistory = false;
        } else {
          this.hasMoreHistory = true;
        }
        this.startMid = _mid;
        this.datacon.chatList = chatList;
        this.render();
        this.scrollToChatItem(this.scrollToId);
      } else {
        this.hasMoreHistory = false;
        this.render();
      }
    },

    combineRolesToMsg: function (msg) {
      if (!msg || typeof msg.mid !== 'number') { return null; }
      var self = msg.from && msg.from.pin === this.chatConfig.pin && msg.from.appId === this.chatConfig.appId;
      return {
        id: 'm' + msg.mid,
        mid: msg.mid,
        role: self ? 'self' : 'other',
        name: (msg.from && (msg.from.nickName || msg.from.pin)) || '?',
        type: msg.type,
        text: msg.type === 'text' ? msg.content : '[' + msg.type + '] ' + JSON.stringify(msg.payload || {})
      };
    },

    onMessage: function (msg) {
      if (this.groupId && msg.gid !== this.groupId) { return; }
      var item = this.combineRolesToMsg(msg);
      if (item) {
        this.datacon.chatList.push(item);
        this.render();
        this.scrollToBottom();
      }
    },

    send: function () {
      var this_ = this;
      var text = $('text').value;
      if (!text.trim()) { return; }
      $('text').value = '';
      sdk.sendTextMsg(text, function (pack) {
        if (pack.code !== 0) { this_.showError(pack.msg); return; }
        this_.datacon.chatList.push(this_.combineRolesToMsg(pack.message));
        this_.render();
        this_.scrollToBottom();
      }, this.groupId);
    },

    // Text goes in with textContent: message content never becomes HTML.
    render: function () {
      var list = $('chat-list');
      list.textContent = '';
      this.datacon.chatList.forEach(function (item) {
        var li = document.createElement('li');
        li.id = item.id;
        li.className = item.role + (item.type === 'text' ? '' : ' custom');
        li.setAttribute('data-mid', String(item.mid));
        var name = document.createElement('span');
        name.className = 'name';
        name.textContent = item.name;
        var bubble = document.createElement('span');
        bubble.className = 'bubble';
        bubble.textContent = item.text;
        li.appendChild(name);
        li.appendChild(bubble);
        list.appendChild(li);
      });
      $('load-more').disabled = !this.hasMoreHistory || !this.groupId;
      $('history-state').textContent = this.hasMoreHistory ? '' : 'No more messages';
    },

    scrollToChatItem: function (id) {
      var el = id && document.getElementById(id);
      if (el) { el.scrollIntoView({ block: 'start' }); } else { this.scrollToBottom(); }
    },

    scrollToBottom: function () {
      var list = $('chat-list');
      list.scrollTop = list.scrollHeight;
    },

    showError: function (text) {
      $('last-error').textContent = text || '';
    }
  };

  $('create-group').addEventListener('click', function () { app.createGroup(); });
  $('load-more').addEventListener('click', function () { app.pullHistory(); });
  $('composer').addEventListener('submit', function (e) { e.preventDefault(); app.send(); });
  window.parleyDemo = app;
  app.start();
})();
