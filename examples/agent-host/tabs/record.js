// Shows the tab's parameters, which arrive in the query string. textContent only: they are widget data.
const params = new URLSearchParams(location.search);
for (const key of ['kind', 'name', 'tier']) {
  const element = document.getElementById(key);
  if (element && params.has(key)) element.textContent = params.get(key);
}
