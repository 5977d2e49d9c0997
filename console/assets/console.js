// The console works without this script; it only shows times in the viewer's zone and jumps to a problem's line.
for (const el of document.querySelectorAll('time[datetime]')) {
  const when = new Date(el.getAttribute('datetime'));
  if (!Number.isNaN(when.getTime())) el.textContent = when.toLocaleString();
}
const source = document.getElementById('source');
for (const link of document.querySelectorAll('a[data-line]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const line = Number(link.dataset.line);
    const lines = source.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    source.focus();
    source.setSelectionRange(start, start + (lines[line - 1] ?? '').length);
  });
}
