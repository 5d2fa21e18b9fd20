// The search text arrives in the query string; it is shown as text, never as markup.
document.getElementById('query').textContent = new URLSearchParams(location.search).get('q') ?? '';
