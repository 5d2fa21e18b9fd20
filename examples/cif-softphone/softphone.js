/*
 * The CIF softphone: a communication widget written the way Dynamics 365 Channel Integration
 * Framework 2.0 widgets are written, in plain JavaScript with no build step, using nothing but
 * `Microsoft.CIFramework` from msdyn_ciLibrary.js (index.html loads it from the agent desktop, with
 * data-crmurl). The same file runs on Dynamics 365 and on any cif-bridge host.
 *
 * What it does:
 * 1. At start: setClickToAct(true), and handlers for onclicktoact, onSessionSwitched and
 *    onSessionClosed (plus onmodechanged and onsizechanged, to show the panel's state). CIF hands
 *    every handler its event data as JSON text.
 * 2. "Simulate incoming call" looks the caller up in the CRM by mobile phone number
 *    (searchAndOpenRecords with `$filter=contains(mobilephone,'…')`) and rings the agent with
 *    notifyEvent, whose answer is JSON text too.
 * 3. On Accept: createSession with the call in `context`, anchored on the caller's contact record
 *    (or on the call script when the CRM doesn't know the number); getSession(id).get('context') to
 *    read it back; setSessionTitle with the caller's name; createTab(…, isFocused: true) for notes.
 *    On Reject, or when the agent lets it ring out: nothing, bar a line in the activity log.
 * 4. Clicking a phone number in the CRM (click-to-act) dials out, which opens the same kind of session.
 * 5. "Log call in CRM" creates a phone call (createRecord) linked to the caller's contact with
 *    `regardingobjectid_contact_phonecall@odata.bind`, Dataverse's navigation property for it.
 * 6. Presence: the picker calls setPresence; onPresenceChange keeps it in step with the desk's picker
 *    and other widgets. Each call's start and end go to logAnalyticsEvent (the host's interaction log).
 *
 * Templates it expects on the host: session templates `phone_call` (a known contact; its anchor tab
 * shows the record `{contactId}`) and `unknown_call`, both titled "Call with {customer}"; tab
 * template `call_notes`; notification template `incoming_call` ({customer}, {phone}, {queue}).
 */
(function () {
  'use strict';

  var SESSION_TEMPLATE = 'phone_call';
  var UNKNOWN_CALLER_TEMPLATE = 'unknown_call';
  var NOTES_TAB_TEMPLATE = 'call_notes';
  var NOTIFICATION_TEMPLATE = 'incoming_call';

  /** The call sessions this widget opened and that are still open, by session id. */
  var calls = new Map();
  /** The queue calls come from; getEnvironment's customParams may name another. */
  var queue = 'Support';

  var status = document.getElementById('status');
  var caller = document.getElementById('caller');
  var ring = document.getElementById('ring');
  var callState = document.getElementById('call-state');
  var callList = document.getElementById('calls');
  var presence = document.getElementById('presence');
  var logCall = document.getElementById('log-call');
  var panel = document.getElementById('panel');
  var activity = document.getElementById('activity');

  // ---- Display ---------------------------------------------------------------------------------

  /** Adds a line to the activity log (text only: every value here comes from the host). */
  function log(text, kind) {
    var item = document.createElement('li');
    item.textContent = text;
    if (kind) item.dataset.kind = kind;
    activity.append(item);
    while (activity.children.length > 50) activity.firstElementChild.remove();
    item.scrollIntoView({ block: 'nearest' });
  }

  /** CIF errors carry `message` (and on cif-bridge a `code` too). */
  function describe(error) {
    if (!error) return 'unknown error';
    return (error.code ? error.code + ': ' : '') + (error.message || String(error));
  }

  function showCalls() {
    var focused;
    callList.replaceChildren();
    calls.forEach(function (call, sessionId) {
      if (call.focused) focused = sessionId;
      var item = document.createElement('li');
      item.dataset.sessionId = sessionId;
      item.textContent =
        call.title + ' · ' + call.context.phone + ' · ' + (call.focused ? 'in focus' : 'in the background');
      callList.append(item);
    });
    if (focused) {
      callState.textContent = 'On a call: ' + calls.get(focused).title;
      callState.dataset.sessionId = focused;
    } else {
      callState.textContent = calls.size > 0 ? calls.size + ' call(s) in the background.' : 'No call.';
      delete callState.dataset.sessionId;
    }
  }

  function showPanel(mode, width) {
    var modes = { 0: 'minimized', 1: 'docked', 2: 'hidden' };
    if (mode !== undefined) panel.dataset.mode = String(mode);
    if (width !== undefined) panel.dataset.width = String(width);
    panel.textContent =
      'Panel: ' +
      (modes[panel.dataset.mode] || 'unknown') +
      (panel.dataset.width ? ', ' + panel.dataset.width + ' px' : '');
  }

  // ---- Calls -----------------------------------------------------------------------------------

  function newCallId() {
    return 'call-' + crypto.randomUUID();
  }

  /**
   * Finds the caller in the CRM by mobile phone number. A host with no CRM search answers
   * NOT_SUPPORTED; the call then rings with the number alone.
   */
  function lookUpCaller(phone) {
    // OData string literals double their quotes. The plus sign goes as it is, as widgets send it.
    var filter = "?$select=fullname,contactid&$filter=contains(mobilephone,'" + phone.replace(/'/g, "''") + "')";
    return Microsoft.CIFramework.searchAndOpenRecords('contact', filter, true).then(
      function (resultJson) {
        // CIF answers with JSON text of an object keyed by result index.
        var first = JSON.parse(resultJson)['0'];
        return first ? { name: first.fullname, contactId: first.contactid } : { name: phone, contactId: null };
      },
      function (error) {
        log('Caller lookup unavailable (' + describe(error) + '); ringing with the number.', 'warning');
        return { name: phone, contactId: null };
      },
    );
  }

  /**
   * Opens the session of an answered call: createSession with the call as context, then reads the
   * context back with getSession, names the session after the caller, and opens a notes tab.
   */
  function openCallSession(call) {
    var sessionId;
    var context;
    var title;
    // The title shows the number until the session is set up; setSessionTitle names the caller. A
    // known caller's session opens on their contact record.
    var parameters = { customer: call.phone };
    if (call.contactId) {
      parameters.contactId = call.contactId;
      parameters.contactName = call.customer;
    }
    return Microsoft.CIFramework.createSession({
      templateName: call.contactId ? SESSION_TEMPLATE : UNKNOWN_CALLER_TEMPLATE,
      templateParameters: parameters,
      context: call,
    })
      .then(function (id) {
        sessionId = id;
        return Microsoft.CIFramework.getSession(sessionId);
      })
      .then(function (session) {
        // getSession resolves to a Map in CIF; widgets read the context back with get('context').
        context = session.get('context');
        return Microsoft.CIFramework.setSessionTitle({ sessionId: sessionId, customer: context.customer });
      })
      .then(function (newTitle) {
        title = newTitle;
        return Microsoft.CIFramework.createTab({
          templateName: NOTES_TAB_TEMPLATE,
          templateParameters: { customer: context.customer },
          isFocused: true,
        });
      })
      .then(function (tabId) {
        // createSession gave the new session focus; any other call of ours went to the background.
        calls.forEach(function (other) {
          other.focused = false;
        });
        calls.set(sessionId, { context: context, title: title, notesTabId: tabId, focused: true });
        showCalls();
        log('Session "' + title + '" opened with its notes tab in focus.', 'session');
        logAnalytics('CallStarted', { sessionId: sessionId, direction: context.direction, queue: queue });
        return sessionId;
      });
  }

  function incomingCall() {
    var phone = caller.value.trim();
    if (phone === '') {
      log('Enter the caller number first.', 'warning');
      return;
    }
    ring.disabled = true;
    callState.textContent = 'Ringing: ' + phone;
    lookUpCaller(phone)
      .then(function (found) {
        return Microsoft.CIFramework.notifyEvent({
          templateName: NOTIFICATION_TEMPLATE,
          templateParameters: { customer: found.name, phone: phone, queue: queue },
        }).then(function (answerJson) {
          var answer = JSON.parse(answerJson);
          if (answer.actionName === 'Accept') {
            log('Accepted the call from ' + found.name + '.', 'call');
            return openCallSession({
              callId: newCallId(),
              direction: 'inbound',
              phone: phone,
              customer: found.name,
              contactId: found.contactId,
            });
          }
          // Reject or Timeout: the call goes back to the queue, and nothing opens.
          log(
            (answer.actionName === 'Reject' ? 'Declined the call from ' : 'Missed the call from ') + found.name + '.',
            'call',
          );
          return undefined;
        });
      })
      .catch(function (error) {
        log('The call failed: ' + describe(error), 'error');
      })
      .then(function () {
        ring.disabled = false;
        showCalls();
      });
  }

  // ---- CIF event handlers (event data arrives as JSON text) -----------------------------------

  function onClickToAct(eventData) {
    var data = JSON.parse(eventData);
    log('Dialing ' + data.value + (data.recordTitle ? ' (' + data.recordTitle + ')' : '') + '.', 'call');
    return openCallSession({
      callId: newCallId(),
      direction: 'outbound',
      phone: data.value,
      customer: data.recordTitle || data.value,
      contactId: data.entityLogicalName === 'contact' ? data.entityId : null,
    }).catch(function (error) {
      log('Could not dial ' + data.value + ': ' + describe(error), 'error');
    });
  }

  function onSessionSwitched(eventData) {
    var data = JSON.parse(eventData);
    var call = calls.get(data.sessionId);
    if (!call) return;
    call.focused = data.focused;
    showCalls();
    log(call.title + (data.focused ? ' is in focus.' : ' went to the background.'), 'switch');
  }

  function onSessionClosed(eventData) {
    var data = JSON.parse(eventData);
    var call = calls.get(data.sessionId);
    calls.delete(data.sessionId);
    showCalls();
    var who = call
      ? call.title
      : data.context && data.context.customer
        ? 'Call with ' + data.context.customer
        : data.sessionId;
    log(who + ' ended: the agent closed its session.', 'session');
    logAnalytics('CallEnded', { sessionId: data.sessionId, queue: queue });
  }

  function onModeChanged(eventData) {
    showPanel(JSON.parse(eventData).value, undefined);
  }

  function onSizeChanged(eventData) {
    showPanel(undefined, JSON.parse(eventData).value);
  }

  // ---- CRM methods the host may or may not provide --------------------------------------------

  /**
   * Logs the focused call as a phone call in the CRM, linked to the caller's contact when the call
   * has one. Dataverse writes a lookup as a reference to the record (`@odata.bind`), not as an id.
   */
  function logCallInCrm() {
    var focused = calls.get(callState.dataset.sessionId);
    var subject = focused ? focused.title : 'Test call';
    var phone = focused ? focused.context.phone : caller.value.trim();
    var inbound = Boolean(focused) && focused.context.direction === 'inbound';
    var data = {
      subject: subject,
      phonenumber: phone,
      description: (inbound ? 'Inbound' : 'Outbound') + ' call with ' + phone + ', logged from the CIF Softphone.',
      directioncode: !inbound,
    };
    if (focused && focused.context.contactId) {
      data['regardingobjectid_contact_phonecall@odata.bind'] = '/contacts(' + focused.context.contactId + ')';
    }
    Microsoft.CIFramework.createRecord('phonecall', data).then(
      function (resultJson) {
        // CIF answers { entityType, id } as JSON text.
        var created = JSON.parse(resultJson);
        log('Logged "' + subject + '" in the CRM as ' + created.entityType + ' ' + created.id + '.', 'crm');
      },
      function (error) {
        log('Could not log the call: ' + describe(error), 'error');
      },
    );
  }

  /** The agent's presence changed (in this widget, another one, or the desk's picker): show it. */
  function onPresenceChange(eventData) {
    var info = JSON.parse(eventData).presenceInfo;
    presence.value = info.presenceText;
    log('Presence is now ' + info.presenceText + '.', 'crm');
  }

  /** Logs an analytics event about a call; a failure is only a line in the activity log. */
  function logAnalytics(eventName, data) {
    Microsoft.CIFramework.logAnalyticsEvent(data, eventName).then(undefined, function (error) {
      log('Could not log ' + eventName + ': ' + describe(error), 'warning');
    });
  }

  function changePresence() {
    var text = presence.value;
    Microsoft.CIFramework.setPresence(text).then(
      function () {
        log('Presence set to ' + text + '.', 'crm');
      },
      function (error) {
        log('Could not set presence: ' + describe(error), 'error');
      },
    );
  }

  // ---- Start -----------------------------------------------------------------------------------

  /** Reopens the calls of sessions that are still open, such as after this widget reloads. */
  function resumeCalls() {
    return Microsoft.CIFramework.getAllSessions().then(function (ids) {
      return Promise.all(
        ids.map(function (sessionId) {
          return Microsoft.CIFramework.getSession(sessionId).then(function (session) {
            calls.set(sessionId, {
              context: session.get('context'),
              title: session.get('title'),
              focused: session.get('focused'),
            });
          });
        }),
      ).then(showCalls);
    });
  }

  var started = false;

  function start() {
    if (started) return;
    started = true;
    var cif = Microsoft.CIFramework;
    ring.addEventListener('click', incomingCall);
    logCall.addEventListener('click', logCallInCrm);
    presence.addEventListener('change', changePresence);

    var ready = [
      cif.setClickToAct(true),
      cif.addHandler('onclicktoact', onClickToAct),
      cif.addHandler('onSessionSwitched', onSessionSwitched),
      cif.addHandler('onSessionClosed', onSessionClosed),
      cif.addHandler('onmodechanged', onModeChanged),
      cif.addHandler('onsizechanged', onSizeChanged),
      cif.addHandler('onPresenceChange', onPresenceChange),
      cif.getEnvironment().then(function (environmentJson) {
        var environment = JSON.parse(environmentJson);
        try {
          queue = JSON.parse(environment.customParams || '{}').queue || queue;
        } catch (_error) {
          // customParams is free text in CIF; anything but a JSON object leaves the default queue.
        }
        return environment;
      }),
      resumeCalls(),
    ];

    Promise.all(ready).then(
      function (results) {
        var environment = results[7];
        status.dataset.state = 'ready';
        status.textContent =
          'Ready: signed in as ' + (environment.username || 'an agent') + ', queue ' + queue + ', click-to-call on.';
      },
      function (error) {
        status.dataset.state = 'error';
        status.textContent = 'Not connected: ' + describe(error);
      },
    );

    Promise.all([cif.getMode(), cif.getWidth()]).then(
      function (values) {
        showPanel(values[0], values[1]);
      },
      function () {
        showPanel(undefined, undefined);
      },
    );

    cif.getPresence().then(
      function (text) {
        if (typeof text === 'string' && text !== '') presence.value = text;
      },
      function (error) {
        presence.disabled = true;
        log('Presence is not available here (' + describe(error) + ').', 'warning');
      },
    );
  }

  // CIFInitDone says the library is ready. It fires from a timer that may run before this deferred
  // script does, so a library that is already loaded counts as ready too. Calls made before the
  // library's connection to the host is up wait for it.
  if (window.Microsoft && window.Microsoft.CIFramework) start();
  else window.addEventListener('CIFInitDone', start);
})();
