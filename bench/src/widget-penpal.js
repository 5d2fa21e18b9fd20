/**
 * penpal 7, child side: `connect` over a `WindowMessenger` bound to the parent and the host's exact
 * origin. penpal does its own handshake and then talks on a MessagePort it sets up itself.
 */
import { WindowMessenger, connect } from 'penpal';
import { hostOriginParam, installWidget } from './harness.js';

const hostOrigin = hostOriginParam();

installWidget('penpal', async () => {
  const connection = connect({
    messenger: new WindowMessenger({ remoteWindow: window.parent, allowedOrigins: [hostOrigin] }),
    methods: {},
  });
  const remote = await connection.promise;
  return { call: () => remote.ping() };
});
