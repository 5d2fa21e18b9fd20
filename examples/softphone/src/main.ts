/*
 * The example softphone: a widget built on @cif-bridge/child. It connects to the agent desktop,
 * simulates an incoming call or chat, and opens a session for it with createSession.
 */
import { BridgeError, connect, type BridgeClient, type CreateSessionInput } from '@cif-bridge/child';

/**
 * The agent desktop's origin, named exactly: the widget talks to this origin and no other. index.html
 * names it in a `<meta>` tag, so the example server can move the desk to another port.
 */
const HOST_ORIGIN =
  document.querySelector<HTMLMetaElement>('meta[name="cif-host-origin"]')?.content ?? 'http://127.0.0.1:8080';

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The page needs #${id}.`);
  return found as T;
};
const connection = element<HTMLParagraphElement>('connection');
const result = element<HTMLParagraphElement>('result');
const customer = element<HTMLInputElement>('customer');
const topic = element<HTMLInputElement>('topic');

function show(outcome: 'ok' | 'error', text: string): void {
  result.dataset.outcome = outcome;
  result.textContent = text;
}

/** Opens a session and shows its id, or the error with its code. */
async function open(client: BridgeClient, input: CreateSessionInput): Promise<void> {
  try {
    const sessionId = await client.createSession(input);
    show('ok', `Session created: ${sessionId}`);
  } catch (error) {
    if (error instanceof BridgeError) show('error', `${error.code}: ${error.message}`);
    else show('error', String(error));
  }
}

const ready = connect({ hostOrigin: HOST_ORIGIN });
// Exposed for the browser console and the e2e tests, which drive the client through it.
Object.assign(window, { softphone: { ready } });

ready.then(
  (client) => {
    connection.dataset.state = 'connected';
    connection.textContent = `Connected to ${HOST_ORIGIN}`;
    const parameters = () => ({ customer: customer.value, topic: topic.value });
    element('answer-call').addEventListener('click', () =>
      open(client, { templateName: 'voice_call', templateParameters: parameters(), context: { channel: 'voice' } }),
    );
    element('start-chat').addEventListener('click', () =>
      open(client, {
        templateName: 'msdyn_chat_session',
        templateParameters: { ...parameters(), knowledge_search: { topic: topic.value } },
        context: { channel: 'chat' },
      }),
    );
    element('open-case').addEventListener('click', () =>
      open(client, { templateTag: 'case', templateParameters: { caseNumber: 'CAS-01042', priority: 'High' } }),
    );
  },
  (error: unknown) => {
    connection.dataset.state = 'error';
    connection.textContent = error instanceof BridgeError ? `${error.code}: ${error.message}` : String(error);
  },
);
