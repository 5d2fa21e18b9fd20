/*
 * The example agent desktop: a host page built on @cif-bridge/host. It trusts one widget, the
 * softphone served from another origin, and offers it three session templates.
 */
import { createHost } from '@cif-bridge/host';

// The widget's origin. Name it exactly: the host trusts this origin and no other.
const WIDGET_ORIGIN = 'http://localhost:8081';

const desktop = document.querySelector<HTMLElement>('#desktop');
if (desktop === null) throw new Error('The page needs a #desktop element.');

const host = createHost({
  container: desktop,
  providers: [{ name: 'softphone', label: 'Contoso Softphone', url: `${WIDGET_ORIGIN}/softphone/` }],
  sessionTemplates: [
    {
      name: 'msdyn_chat_session',
      tag: 'chat',
      title: 'Chat with {customer}',
      anchorTab: 'customer_profile',
      tabs: ['knowledge_search'],
    },
    {
      name: 'voice_call',
      tag: 'voice',
      title: 'Call from {customer}',
      anchorTab: 'call_script',
      tabs: ['customer_profile'],
    },
    { name: 'case_session', tag: 'case', title: 'Case {caseNumber}', anchorTab: 'case_details' },
  ],
  tabTemplates: [
    {
      name: 'customer_profile',
      title: '{customer}',
      type: 'webresource',
      parameters: { url: '/tabs/record.html?kind=Customer&name={customer}&tier={tier}', tier: 'Standard' },
    },
    {
      name: 'knowledge_search',
      title: 'Knowledge',
      type: 'website',
      parameters: { url: `${WIDGET_ORIGIN}/softphone/knowledge.html?q={topic}`, topic: 'getting started' },
    },
    {
      name: 'call_script',
      title: 'Call script',
      type: 'webresource',
      parameters: { url: '/tabs/record.html?kind=Call%20script&name={customer}&tier={tier}', tier: 'Standard' },
    },
    {
      name: 'case_details',
      title: 'Case {caseNumber}',
      type: 'webresource',
      parameters: { url: '/tabs/record.html?kind=Case&name={caseNumber}&tier={priority}', priority: 'Normal' },
    },
  ],
});

// Exposed for the browser console and the e2e tests, which read the model through it.
Object.assign(window, { agentDesktop: host });
