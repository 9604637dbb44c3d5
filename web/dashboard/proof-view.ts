import './driver-app.css';

/** The order's `metadata.proof_of_delivery` (docs/driver-app.md §4), its image URLs signed on each read. */
export interface ProofOfDelivery {
  photo_url: string | null;
  signature_url: string | null;
  signer_name: string | null;
  barcodes: { value: string; type?: string }[];
  pin_entered: string | null;
  notes: string | null;
  completion_location: { lat: number; lng: number } | null;
  completed_at: string | null;
}

export interface DriverFailure {
  reason: string;
  notes: string | null;
}

const el = (tag: string, text: string, cls?: string) => {
  const e = document.createElement(tag);
  e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

const img = (url: string, alt: string, id: string) => {
  const i = document.createElement('img');
  i.id = id;
  i.src = url;
  i.alt = alt;
  i.className = 'proof-img';
  return i;
};

/** Fills (or hides) a "Proof of delivery" block placed before the detail's timeline: what the driver app recorded. */
export function showProof(detail: HTMLElement, d: { proof_of_delivery?: ProofOfDelivery | null; failure?: DriverFailure | null }) {
  let host = detail.querySelector<HTMLElement>('#d-proof');
  if (!host) {
    host = document.createElement('section');
    host.id = 'd-proof';
    const timelineHeading = [...detail.querySelectorAll('h3')].find((h) => h.nextElementSibling?.id === 'd-timeline');
    if (timelineHeading) timelineHeading.before(host);
    else detail.append(host);
  }
  const pod = d.proof_of_delivery ?? null;
  const failure = d.failure ?? null;
  host.hidden = !pod && !failure;
  const parts: Node[] = [];
  if (failure) {
    parts.push(
      el('h3', 'Not delivered'),
      el('p', failure.notes ? `${failure.reason.replaceAll('_', ' ')}: “${failure.notes}”` : failure.reason.replaceAll('_', ' '), 'd-failure'),
    );
  }
  if (pod) {
    const facts = [
      pod.pin_entered ? `PIN ${pod.pin_entered}` : '',
      pod.barcodes.length ? `Barcodes ${pod.barcodes.map((b) => b.value).join(', ')}` : '',
      pod.signer_name ? `Signed by ${pod.signer_name}` : '',
      pod.completion_location ? `At ${pod.completion_location.lat.toFixed(5)}, ${pod.completion_location.lng.toFixed(5)}` : '',
    ].filter(Boolean);
    parts.push(
      el('h3', 'Proof of delivery'),
      ...(pod.photo_url ? [img(pod.photo_url, 'Delivery photo', 'd-proof-photo')] : []),
      ...(pod.signature_url ? [img(pod.signature_url, 'Signature', 'd-proof-signature')] : []),
      ...(facts.length ? [el('p', facts.join(' · '), 'muted d-proof-facts')] : []),
      ...(pod.notes ? [el('p', `“${pod.notes}”`)] : []),
    );
  }
  host.replaceChildren(...parts);
}
