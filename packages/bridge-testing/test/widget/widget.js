/*
 * A small CIF 2.0 softphone written only against Microsoft.CIFramework (no cif-bridge import), for the
 * tests of @cif-bridge/testing: it rings the agent with notifyEvent, opens a `voice_call` session on
 * Accept, looks the caller up in the CRM, and logs every event it gets (CIF hands them as JSON text).
 */
(function () {
  'use strict';

  var activity = document.getElementById('activity');

  /** Adds a line to the activity log, as text. */
  function log(text) {
    var item = document.createElement('li');
    item.textContent = text;
    activity.append(item);
  }

  function describe(error) {
    return (error && error.code ? error.code + ': ' : '') + (error && error.message ? error.message : String(error));
  }

  function ring() {
    var cif = Microsoft.CIFramework;
    cif
      .notifyEvent({ templateName: 'incoming_call', templateParameters: { customer: 'Ada Lovelace' } })
      .then(function (answerJson) {
        var answer = JSON.parse(answerJson);
        log('Answer: ' + answer.actionName);
        if (answer.actionName !== 'Accept') return undefined;
        return cif
          .createSession({
            templateName: 'voice_call',
            templateParameters: { customer: 'Ada Lovelace' },
            context: { phone: '+1 555 0100' },
          })
          .then(function (sessionId) {
            log('Session created: ' + sessionId);
          });
      })
      .catch(function (error) {
        log('Failed: ' + describe(error));
      });
  }

  function find() {
    Microsoft.CIFramework.searchAndOpenRecords('contact', "?$filter=telephone1 eq '+1 555 0100'", true)
      .then(function (resultJson) {
        var first = JSON.parse(resultJson)['0'];
        log(first ? 'Caller: ' + first.fullname : 'Caller: unknown');
      })
      .catch(function (error) {
        log('Failed: ' + describe(error));
      });
  }

  function badCall() {
    Microsoft.CIFramework.createSession({ templateName: 'no_such_template' }).catch(function (error) {
      log('Failed: ' + describe(error));
    });
  }

  function start() {
    var cif = Microsoft.CIFramework;
    cif.setClickToAct(true);
    cif.addHandler('onclicktoact', function (eventData) {
      log('Click to act: ' + JSON.parse(eventData).value);
    });
    cif.addHandler('onSessionSwitched', function (eventData) {
      var data = JSON.parse(eventData);
      log('Switched: ' + (data.focused ? 'focused' : 'unfocused'));
    });
    cif.addHandler('onSessionClosed', function (eventData) {
      log('Closed: ' + JSON.parse(eventData).sessionId);
    });
    cif.addHandler('onPresenceChange', function (eventData) {
      document.getElementById('presence').textContent = JSON.parse(eventData).presenceInfo.presenceText;
    });
    cif.addHandler('onpagenavigate', function (eventData) {
      log('Navigated: ' + JSON.parse(eventData).value);
    });
    cif.getEnvironment().then(function (environmentJson) {
      document.getElementById('environment').textContent = JSON.parse(environmentJson).appName || '(none)';
    });
    document.getElementById('ring').addEventListener('click', ring);
    document.getElementById('find').addEventListener('click', find);
    document.getElementById('bad-call').addEventListener('click', badCall);
  }

  // CIFInitDone fires from a timer that may run before this deferred script, so a library that is
  // already there counts as ready; calls made before its connection is up wait for it.
  if (window.Microsoft && window.Microsoft.CIFramework) start();
  else window.addEventListener('CIFInitDone', start);
})();
