/** What {@link BridgeHost.getDiagnostics} returns. */
export interface HostDiagnostics {
  /** Widget connections open now (a widget page may hold several clients). */
  connections: number;
  /** Handshakes accepted since the host started. */
  connectionsOpened: number;
  /** Widget calls that arrived and are not answered yet (a host handler or notifyEvent is running). */
  callsInProgress: number;
  /** Events waiting for a widget that is away or has not added its handler yet, over all providers. */
  queuedEvents: number;
}
