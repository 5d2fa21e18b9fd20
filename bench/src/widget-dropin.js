/**
 * cif-bridge through the `Microsoft.CIFramework` drop-in, loaded the way a CIF widget loads
 * Microsoft's library: a script tag pointing at the host's `/webresources/Widget/msdyn_ciLibrary.js`,
 * with `data-crmurl` and `data-cifid="CIFMainLibrary"`. The host's port is only known at run time,
 * so this script writes that tag (while the page is still loading, so the load event waits for it).
 * The no-op is `getMode()`, the cheapest method the drop-in maps to the host.
 */
import { hostOriginParam, installWidget } from './harness.js';

const hostOrigin = hostOriginParam();

const initDone = new Promise((resolve, reject) => {
  window.addEventListener('CIFInitDone', resolve, { once: true });
  const script = document.createElement('script');
  script.src = `${hostOrigin}/webresources/Widget/msdyn_ciLibrary.js`;
  script.dataset.crmurl = hostOrigin;
  script.dataset.cifid = 'CIFMainLibrary';
  script.onerror = () => reject(new Error(`bench widget: ${script.src} did not load`));
  document.head.append(script);
});

installWidget('cif-dropin', async () => {
  await initDone;
  const framework = window.Microsoft?.CIFramework;
  if (typeof framework?.getMode !== 'function')
    throw new Error('bench widget: Microsoft.CIFramework.getMode is missing');
  return { call: () => framework.getMode() };
});
