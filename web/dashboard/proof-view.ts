import './driver-app.css';

/** The proof of delivery in the order detail (the order's `proof_of_delivery`, docs/driver-app.md). */
interface ProofFile {
  url: string;
  content_type: string;
}
export interface ProofOfDelivery {
  photo: ProofFile | null;
  signature: ProofFile | null;
  signer_name: string | null;
  barcodes: { value: string; type?: string }[];
  pin_entered: string | null;
  notes: string | null;
  completion_location: { lat: number; lng: number } | null;
  completed_at: string | null;
}

const el = (tag: string, text: string, cls?: string) => {
  const e = document.createElement(tag);
  e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

const img = (f: ProofFile, alt: string, id: string) => {
  const i = document.createElement('img');
  i.id = id;
  i.src = f.url;
  i.alt = alt;
  i.className = 'proof-img';
  return i;
};

/** Fills (or hides) a "Proof of delivery" block placed before the detail's timeline; the images come through their signed URLs. */
export function showProof(detail: HTMLElement, pod: ProofOfDelivery | null | undefined) {
  let host = detail.querySelector<HTMLElement>('#d-proof');
  if (!host) {
    host = document.createElement('section');
    host.id = 'd-proof';
    host.className = 'proof';
    const timelineHeading = [...detail.querySelectorAll('h3')].find((h) => h.nextElementSibling?.id === 'd-timeline');
    if (timelineHeading) timelineHeading.before(host);
    else detail.append(host);
  }
  host.hidden = !pod;
  if (!pod) {
    host.replaceChildren();
    return;
  }
  const facts = [
    pod.pin_entered ? `PIN ${pod.pin_entered}` : '',
    pod.barcodes.length ? `Barcodes ${pod.barcodes.map((b) => b.value).join(', ')}` : '',
    pod.signer_name ? `Signed by ${pod.signer_name}` : '',
    pod.completion_location ? `At ${pod.completion_location.lat.toFixed(5)}, ${pod.completion_location.lng.toFixed(5)}` : '',
  ].filter(Boolean);
  host.replaceChildren(
    el('h3', 'Proof of delivery'),
    ...(pod.photo ? [img(pod.photo, 'Delivery photo', 'd-proof-photo')] : []),
    ...(pod.signature ? [img(pod.signature, 'Signature', 'd-proof-signature')] : []),
    ...(facts.length ? [el('p', facts.join(' · '), 'muted')] : []),
    ...(pod.notes ? [el('p', `“${pod.notes}”`)] : []),
  );
}
