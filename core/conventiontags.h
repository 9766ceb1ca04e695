// SPDX-License-Identifier: MIT
#pragma once

#include "attributes.h"
#include "span.h"

#include <QString>

#include <optional>
#include <string_view>
#include <vector>

namespace traceflow {

// The tags through which formats without fields of their own carry span status, kind, scope
// and trace state: OpenTelemetry's Zipkin and Jaeger exporter conventions ("otel.status_code",
// "otel.status_description", "otel.scope.name"/"otel.library.name" and their versions,
// "w3c.tracestate") and OpenTracing's ("span.kind", "error").
class ConventionTags
{
public:
    // Zipkin's error tag holds the error message; Jaeger's is a boolean flag.
    enum class ErrorTag
    {
        Message,
        Flag
    };

    struct Fields
    {
        std::optional<StatusCode> status;
        QString statusMessage;
        std::optional<SpanKind> kind; // from "span.kind"
        QString scopeName;
        QString scopeVersion;
        QString traceState;
    };

    // Removes the convention tags it understands from *items and returns what they say.
    // otel.status_code decides the status when present ("OK", "ERROR", "UNSET", any case);
    // otherwise an error tag makes it Error (a Flag tag only when true). The message is
    // otel.status_description, else a Message error tag's text. Unrecognised values are left
    // in *items as ordinary attributes.
    static Fields extract(std::vector<Attributes::Item> *items, ErrorTag errorTag);

    // extract() for items a JSON decoder holds as UTF-8 (Zipkin: ErrorTag::Message), without
    // QStrings for the common tags. The texts are views of the items' texts, which must
    // outlive them; they convert as QString::fromUtf8 does (a leading byte order mark is
    // dropped). Keys and texts compare as extract() compares them after that conversion.
    // Items that are not text are kept as ordinary attributes.
    struct Utf8Fields
    {
        std::optional<StatusCode> status;
        QString statusMessage;
        std::optional<SpanKind> kind;
        std::string_view scopeName;
        std::string_view scopeVersion;
        std::string_view traceState;
    };
    static Utf8Fields extractMessageTags(std::vector<Attributes::Utf8Item> *items);
};

} // namespace traceflow
