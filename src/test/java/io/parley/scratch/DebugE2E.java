package io.parley.scratch;

import io.parley.e2e.Browser;
import io.parley.e2e.TestServer;
import io.parley.server.ParleyServer;
import org.junit.Test;
import org.openqa.selenium.chrome.ChromeDriver;

public class DebugE2E {
    @Test
    public void debug() throws Exception {
        ParleyServer server = TestServer.start();
        ChromeDriver driver = Browser.start(false);
        try {
            driver.get(server.baseUri().resolve("/demo/index.html").toString());
            Object r = driver.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                window.errs = [];
                window.addEventListener('error', function (e) { errs.push('err:' + e.message + ' @' + (e.error && e.error.stack)); });
                var s = document.createElement('script'); s.src = '/parley-sdk.js';
                s.onload = async function () {
                  var token = (await (await fetch('/api/dev/token', {method:'POST', headers:{'Content-Type':'application/json'}, body: JSON.stringify({pin:'someone', appId:'parley.demo'})})).json()).token;
                  var sdk = new ParleySDK(); var ev = [];
                  var orig = WebSocket.prototype.send;
                  sdk.connect({url:'ws://'+location.host+'/ws', token: token, pin:'patient-1', appId:'parley.demo', clientType:'m'}, function () {
                    ['open','error','close','reconnecting','state'].forEach(function (n) { sdk.on(n, function (d) { ev.push(n + ':' + JSON.stringify(d)); }); });
                  });
                  setTimeout(function () { done(ev.concat(errs)); }, 3000);
                };
                document.head.appendChild(s);
                """);
            System.out.println("DEBUG " + r);
        } finally {
            driver.quit();
            server.stop();
        }
    }
}
