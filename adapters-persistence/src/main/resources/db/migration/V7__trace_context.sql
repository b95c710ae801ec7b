-- The W3C trace context each event carries (the traceparent of the span that recorded it, and the
-- tracestate), kept with its deliveries, publications and history, so that its chain stays one trace
-- across the relays, the brokers and a restart. Empty when nothing was traced.
ALTER TABLE event_deliveries ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE event_deliveries ADD COLUMN tracestate VARCHAR(512);
ALTER TABLE outgoing_publications ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE outgoing_publications ADD COLUMN tracestate VARCHAR(512);
ALTER TABLE event_history ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE event_history ADD COLUMN tracestate VARCHAR(512);
