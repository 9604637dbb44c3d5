// The Delivery document is also a webhook payload, so it is built in services (delivery-document.ts).
export { renderDelivery, renderQuote } from '../../services/uber/delivery-document.ts';
