// SPDX-License-Identifier: MIT
// Usage: node export.js OTLP_BASE_URL API_BASE_URL
// Records the same multi-service trace once per exporter (OTLP/HTTP JSON, OTLP/HTTP protobuf,
// Zipkin), each service exporting its own spans as it would from its own process, and prints
// one JSON line per exporter: {"exporter": name, "trace_id": hex}. Exits non-zero when an
// export fails.
'use strict';

const api = require('@opentelemetry/api');
const { Resource } = require('@opentelemetry/resources');
const {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter: OtlpJsonExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { OTLPTraceExporter: OtlpProtoExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { ZipkinExporter } = require('@opentelemetry/exporter-zipkin');

const [otlpBase, apiBase] = process.argv.slice(2);
if (!otlpBase || !apiBase) {
  console.error('usage: node export.js OTLP_BASE_URL API_BASE_URL');
  process.exit(2);
}

// [seconds, nanoseconds] since the epoch, `ms` milliseconds after `base`.
function at(base, ms) {
  const total = base + ms;
  return [Math.floor(total / 1000), (total % 1000) * 1e6];
}

// checkout: frontend "GET /checkout" (server) -> frontend "POST /orders" (client)
//   -> orders "create order" (server, error, event) -> payments "charge card" (internal)
function recordTrace() {
  const memory = new InMemorySpanExporter();
  const tracer = (service, scope, version) => {
    const provider = new BasicTracerProvider({
      resource: new Resource({ 'service.name': service, 'deployment.environment': 'test' }),
    });
    provider.addSpanProcessor(new SimpleSpanProcessor(memory));
    return provider.getTracer(scope, version);
  };
  const base = Date.now() - 1000;
  const frontend = tracer('frontend', 'checkout-app', '1.2.3');
  const root = frontend.startSpan('GET /checkout', {
    kind: api.SpanKind.SERVER,
    startTime: at(base, 0),
    attributes: {
      'http.method': 'GET',
      'http.status_code': 200,
      'http.retry': false,
      'cart.total': 42.5,
      'cart.items': ['book', 'pen'],
    },
  });
  const call = frontend.startSpan('POST /orders', {
    kind: api.SpanKind.CLIENT,
    startTime: at(base, 10),
    attributes: { 'peer.service': 'orders' },
  }, api.trace.setSpan(api.ROOT_CONTEXT, root));
  const server = tracer('orders', 'orders-svc', '0.9.0').startSpan('create order', {
    kind: api.SpanKind.SERVER,
    startTime: at(base, 15),
    attributes: { 'order.items': 2 },
  }, api.trace.setSpan(api.ROOT_CONTEXT, call));
  server.addEvent('payment.declined', { 'payment.provider': 'acme-pay', attempt: 2 }, at(base, 60));
  server.setStatus({ code: api.SpanStatusCode.ERROR, message: 'card declined' });
  const charge = tracer('payments', 'payments-svc', '2.0.0').startSpan('charge card', {
    kind: api.SpanKind.INTERNAL,
    startTime: at(base, 20),
    attributes: { 'payment.amount': 42.5 },
  }, api.trace.setSpan(api.ROOT_CONTEXT, server));
  charge.end(at(base, 60));
  server.end(at(base, 105));
  call.end(at(base, 110));
  root.end(at(base, 120));
  return { traceId: root.spanContext().traceId, spans: memory.getFinishedSpans() };
}

function exportSpans(exporter, spans) {
  return new Promise((resolve, reject) => {
    exporter.export(spans, (result) => {
      if (result.code === 0) resolve();
      else reject(result.error || new Error('export failed'));
    });
  });
}

async function exportPerService(makeExporter, spans) {
  const byService = new Map();
  for (const span of spans) {
    const service = span.resource.attributes['service.name'];
    if (!byService.has(service)) byService.set(service, []);
    byService.get(service).push(span);
  }
  for (const serviceSpans of byService.values()) {
    const exporter = makeExporter();
    await exportSpans(exporter, serviceSpans);
    await exporter.shutdown();
  }
}

const exporters = {
  otlp_http_json: () => new OtlpJsonExporter({ url: `${otlpBase}/v1/traces` }),
  otlp_http_proto: () => new OtlpProtoExporter({ url: `${otlpBase}/v1/traces` }),
  zipkin: () => new ZipkinExporter({ url: `${apiBase}/api/v2/spans` }),
};

(async () => {
  for (const [name, makeExporter] of Object.entries(exporters)) {
    const { traceId, spans } = recordTrace();
    await exportPerService(makeExporter, spans);
    console.log(JSON.stringify({ exporter: name, trace_id: traceId }));
  }
})().catch((error) => {
  console.error(`export failed: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
