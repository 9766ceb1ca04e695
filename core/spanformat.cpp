// SPDX-License-Identifier: MIT
#include "spanformat.h"

#include "jaegerjson.h"
#include "jsontape.h"
#include "otlpjson.h"
#include "traceflowjson.h"
#include "zipkinjson.h"

namespace traceflow {

namespace {
using Json = nlohmann::json;

SpanFormat formatOfKey(std::string_view key)
{
    if (key == "spans")
        return SpanFormat::TraceflowJson;
    if (key == "resourceSpans")
        return SpanFormat::OtlpJson;
    if (key == "data")
        return SpanFormat::JaegerJson;
    return SpanFormat::Unknown;
}

// Walks the document with the SAX parser and stops at the first top-level key that decides.
struct TopLevelKeys : nlohmann::json_sax<Json>
{
    int depth = 0;
    SpanFormat format = SpanFormat::Unknown;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return ++depth, true; }
    bool end_object() override { return --depth, true; }
    bool start_array(std::size_t) override
    {
        if (depth == 0) {
            format = SpanFormat::ZipkinJson;
            return false;
        }
        return ++depth, true;
    }
    bool end_array() override { return --depth, true; }
    bool key(string_t &key) override
    {
        if (depth == 1)
            format = formatOfKey(key);
        return format == SpanFormat::Unknown;
    }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override
    {
        return false;
    }
};

SpanFormat formatOf(JsonValue root)
{
    if (root.isArray())
        return SpanFormat::ZipkinJson;
    for (JsonValue member : root) {
        if (const SpanFormat f = formatOfKey(member.key()); f != SpanFormat::Unknown)
            return f;
    }
    return SpanFormat::Unknown;
}
} // namespace

SpanFormat detectSpanFormat(std::string_view body)
{
    TopLevelKeys keys;
    Json::sax_parse(body.begin(), body.end(), &keys, nlohmann::detail::input_format_t::json, false);
    return keys.format;
}

QString spanFormatName(SpanFormat format)
{
    switch (format) {
    case SpanFormat::TraceflowJson:
        return QStringLiteral("TraceFlow JSON");
    case SpanFormat::OtlpJson:
        return QStringLiteral("OTLP JSON");
    case SpanFormat::ZipkinJson:
        return QStringLiteral("Zipkin v2 JSON");
    case SpanFormat::JaegerJson:
        return QStringLiteral("Jaeger JSON");
    case SpanFormat::Unknown:
        break;
    }
    return QStringLiteral("unknown format");
}

bool decodeAnyJson(std::string_view body, DecodedBatch *out, QString *error, SpanFormat *format)
{
    JsonTape tape;
    if (!tape.parse(body, error))
        return false;
    const JsonValue root = tape.root();
    const SpanFormat f = formatOf(root);
    if (format)
        *format = f;
    switch (f) {
    case SpanFormat::TraceflowJson:
        return TraceflowJson::decodeDocument(root, out, error);
    case SpanFormat::OtlpJson:
        return OtlpJson::decodeDocument(root, out, error);
    case SpanFormat::ZipkinJson:
        return ZipkinJson::decodeDocument(root, out, error);
    case SpanFormat::JaegerJson:
        return JaegerJson::decodeDocument(root, out, error);
    case SpanFormat::Unknown:
        break;
    }
    *error = QStringLiteral("not a known trace format: expected TraceFlow JSON {\"spans\":[...]}, "
                            "OTLP JSON {\"resourceSpans\":[...]}, a Zipkin v2 span list [...] "
                            "or Jaeger JSON {\"data\":[...]}");
    return false;
}

} // namespace traceflow
