/*
 * The example softphone: a widget built on @cif-bridge/child. It connects to the agent desktop,
 * simulates an incoming call or chat, and opens a session for it with createSession.
 *
 * Its phone does what a CIF softphone does, through the typed client: an incoming call looks the
 * caller up by mobile phone number (searchAndOpenRecords), rings the agent (notifyEvent) with the
 * customer's name, and on Accept opens a session anchored on the caller's contact record. "Log call
 * in CRM" creates a phone call linked to that contact.
 */
import { BridgeError, connect, type BridgeClient, type CreateSessionInput, type JsonValue } from '@cif-bridge/child';

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
const caller = element<HTMLInputElement>('caller');
const ring = element<HTMLButtonElement>('ring');

/** A call the agent answered: who called, and their contact's id when the CRM knows them. */
interface AnsweredCall {
  phone: string;
  customer: string;
  contactId: string | null;
}

/** The last call the agent answered here, which "Log call in CRM" logs. */
let lastCall: AnsweredCall | undefined;

function show(outcome: 'ok' | 'error', text: string): void {
  result.dataset.outcome = outcome;
  result.textContent = text;
}

function showError(error: unknown): void {
  if (error instanceof BridgeError) show('error', `${error.code}: ${error.message}`);
  else show('error', String(error));
}

/** A string attribute of a record the host answered, or undefined. */
function text(record: JsonValue | undefined, attribute: string): string | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const value = record[attribute];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Finds the caller's contact by mobile phone number. Without a CRM (NOT_SUPPORTED) or a match, the
 * call rings with the number alone.
 */
async function lookUpCaller(client: BridgeClient, phone: string): Promise<{ name: string; contactId: string | null }> {
  // OData string literals double their quotes; the plus sign goes as it is, as widgets send it.
  const query = `?$select=fullname,contactid&$filter=contains(mobilephone,'${phone.replaceAll("'", "''")}')`;
  try {
    // CIF answers an object keyed by result index.
    const found = await client.searchAndOpenRecords('contact', query, true);
    const first = typeof found === 'object' && found !== null && !Array.isArray(found) ? found['0'] : undefined;
    const name = text(first, 'fullname');
    const contactId = text(first, 'contactid');
    return name !== undefined && contactId !== undefined ? { name, contactId } : { name: phone, contactId: null };
  } catch {
    return { name: phone, contactId: null };
  }
}

/**
 * An incoming call: looks the caller up, rings the agent, and on Accept opens a session on the
 * caller's contact record (`phone_call`), or on the call script when the CRM doesn't know them.
 */
async function incomingCall(client: BridgeClient): Promise<void> {
  const phone = caller.value.trim();
  if (phone === '') return show('error', 'Enter the caller number first.');
  ring.disabled = true;
  try {
    const found = await lookUpCaller(client, phone);
    const answer = await client.notifyEvent({
      templateName: 'incoming_call',
      templateParameters: { customer: found.name, phone, queue: 'Support' },
    });
    if (answer.actionName !== 'Accept') {
      show('ok', `${answer.actionName === 'Reject' ? 'Declined' : 'Missed'} the call from ${found.name}.`);
      return;
    }
    const sessionId = await client.createSession({
      templateName: found.contactId === null ? 'unknown_call' : 'phone_call',
      templateParameters:
        found.contactId === null
          ? { customer: found.name }
          : { customer: found.name, contactId: found.contactId, contactName: found.name },
      context: { channel: 'voice', phone, customer: found.name, contactId: found.contactId },
    });
    lastCall = { phone, customer: found.name, contactId: found.contactId };
    show('ok', `Session created: ${sessionId}`);
  } catch (error) {
    showError(error);
  } finally {
    ring.disabled = false;
  }
}

/**
 * Logs the last answered call as a phone call, linked to the caller's contact the way Dataverse
 * takes a lookup: a reference to the record with `@odata.bind`.
 */
async function logCall(client: BridgeClient): Promise<void> {
  const call = lastCall;
  const phone = call?.phone ?? caller.value.trim();
  const subject = call ? `Call with ${call.customer}` : 'Test call';
  const data: { [attribute: string]: JsonValue } = {
    subject,
    phonenumber: phone,
    description: `Inbound call with ${phone}, logged from the Contoso Softphone.`,
    directioncode: false,
  };
  if (call?.contactId) data['regardingobjectid_contact_phonecall@odata.bind'] = `/contacts(${call.contactId})`;
  try {
    const created = await client.createRecord('phonecall', data);
    show('ok', `Logged "${subject}" in the CRM as phonecall ${text(created, 'id') ?? '(no id)'}.`);
  } catch (error) {
    showError(error);
  }
}

/** Opens a session and shows its id, or the error with its code. */
async function open(client: BridgeClient, input: CreateSessionInput): Promise<void> {
  try {
    const sessionId = await client.createSession(input);
    show('ok', `Session created: ${sessionId}`);
  } catch (error) {
    showError(error);
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
    ring.addEventListener('click', () => void incomingCall(client));
    element('log-call').addEventListener('click', () => void logCall(client));
    element('open-case').addEventListener('click', () =>
      open(client, { templateTag: 'case', templateParameters: { caseNumber: 'CAS-01042', priority: 'High' } }),
    );
  },
  (error: unknown) => {
    connection.dataset.state = 'error';
    connection.textContent = error instanceof BridgeError ? `${error.code}: ${error.message}` : String(error);
  },
);
