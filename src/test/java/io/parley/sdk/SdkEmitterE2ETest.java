package io.parley.sdk;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

/**
 * The SDK's event emitter (sdk.Emitter, bound to JS objects, so it runs in the page): handler
 * order, '*' handlers, off with and without a function, and changes made while an event is being
 * delivered. Events come from connect() with a bad chatConfig, which emits one "error" per call
 * without a server.
 */
public class SdkEmitterE2ETest extends SdkPage {
    @Test
    public void handlersRunInOrderStarHandlersLastAndChangesDuringAnEventApplyToTheNextOne() {
        Object r = run("""
                await T.load();
                var s = new ParleySDK(), log = [], rounds = [], seen = [];
                var a = function (d) { log.push('a'); seen.push(d); };
                var late = function () { log.push('late'); };
                var b = function () { log.push('b'); s.off('error', b); s.on('error', late); };
                var gone = function () { log.push('gone'); };
                var all = function (d, ev) { log.push('*' + ev); seen.push(d); };
                s.on('error', a); s.on('error', b); s.on('error', gone); s.on('*', all); s.off('error', gone);
                var emit = async function () { s.connect('nonsense');
                  await new Promise(function (ok) { setTimeout(ok, 30); }); rounds.push(log.join(' ')); log = []; };
                await emit();                     // b removes itself and adds late: neither changes this event
                await emit();
                s.off('error'); await emit();     // off without a function: every handler of the event
                s.off('*', all); await emit();
                s.on('error', a); s.on('error', a); await emit();
                s.off('error', a); await emit();  // both registrations of a
                return [rounds, seen[0] === seen[1] && seen[0].msg];
                """);
        assertEquals(List.of(List.of("a b *error", "a late *error", "*error", "", "a a", ""),
                "chatConfig must be an object"), r);
    }
}
