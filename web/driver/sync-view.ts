import type { Outbox, Queued } from './outbox.ts';

/** The "waiting to sync" strip and its list: what the phone holds that the server has not yet acknowledged. */
export function renderSync(items: Queued[], outbox: Outbox) {
  const $ = (id: string) => document.getElementById(id)!;
  const waiting = items.filter((q) => q.state === 'waiting');
  const rejected = items.filter((q) => q.state === 'rejected');
  const actions = waiting.filter((q) => q.kind === 'action').length;
  const positions = waiting.filter((q) => q.kind === 'fixes').reduce((n, q) => n + fixCount(q), 0);
  const button = $('sync');
  button.dataset.pending = String(waiting.length);
  button.dataset.actions = String(actions);
  button.dataset.positions = String(positions);
  button.dataset.rejected = String(rejected.length);
  button.hidden = items.length === 0;
  const parts = [actions ? `${actions} action${actions === 1 ? '' : 's'}` : '', positions ? `${positions} position${positions === 1 ? '' : 's'}` : ''].filter(
    Boolean,
  );
  button.textContent = [parts.length ? `${parts.join(' and ')} waiting to sync` : '', rejected.length ? `${rejected.length} refused by the server` : '']
    .filter(Boolean)
    .join(' · ');
  if (items.length === 0) $('sync-panel').hidden = true;

  $('sync-list').replaceChildren(
    ...items.map((q) => {
      const li = document.createElement('li');
      li.dataset.state = q.state;
      li.dataset.kind = q.kind;
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = q.state === 'rejected' ? `${q.label}: ${q.error}` : q.label;
      li.append(label);
      if (q.state === 'rejected') {
        li.append(
          button2('Try again', () => void outbox.retry(q.seq!)),
          button2('Discard', () => void outbox.discard(q.seq!)),
        );
      }
      return li;
    }),
  );
}

const fixCount = (q: Queued) => (q.body.kind === 'json' ? ((q.body.value as { locations?: unknown[] }).locations?.length ?? 0) : 0);

function button2(text: string, onClick: () => void) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
