// SPDX-License-Identifier: MIT
#include "conventiontags.h"

#include "utf8text.h"

#include <algorithm>

namespace traceflow {

ConventionTags::Fields ConventionTags::extract(std::vector<Attributes::Item> *items,
                                               ErrorTag errorTag)
{
    Fields f;
    std::optional<QString> description;
    std::optional<AttributeValue> error;
    QString libraryName;
    QString libraryVersion;
    auto take = [&](const Attributes::Item &item) {
        const QString &key = item.first;
        const AttributeValue &value = item.second;
        const QString text = value.toString();
        if (key == u"otel.status_code") {
            StatusCode code = StatusCode::Unset;
            if (!statusFromName(text, &code))
                return false;
            f.status = code;
        } else if (key == u"otel.status_description") {
            description = text;
        } else if (key == u"error") {
            error = value;
        } else if (key == u"span.kind") {
            const SpanKind kind = spanKindFromName(text);
            if (kind == SpanKind::Unspecified)
                return false;
            f.kind = kind;
        } else if (key == u"otel.scope.name") {
            f.scopeName = text;
        } else if (key == u"otel.scope.version") {
            f.scopeVersion = text;
        } else if (key == u"otel.library.name") {
            libraryName = text;
        } else if (key == u"otel.library.version") {
            libraryVersion = text;
        } else if (key == u"w3c.tracestate") {
            f.traceState = text;
        } else {
            return false;
        }
        return true;
    };
    std::erase_if(*items, take);

    // The pre-1.0 "otel.library.*" names count only when the current ones are absent.
    if (f.scopeName.isEmpty())
        f.scopeName = libraryName;
    if (f.scopeVersion.isEmpty())
        f.scopeVersion = libraryVersion;
    if (error && !f.status) {
        if (errorTag == ErrorTag::Message) {
            f.status = StatusCode::Error;
            f.statusMessage = error->toString();
        } else if (error->toBool()) {
            f.status = StatusCode::Error;
        } else if (error->toString().compare(u"false", Qt::CaseInsensitive) != 0) {
            // Not a boolean: keep the tag rather than guess.
            items->emplace_back(QStringLiteral("error"), *error);
        }
    } else if (error && errorTag == ErrorTag::Message && f.status == StatusCode::Error) {
        f.statusMessage = error->toString();
    }
    if (description)
        f.statusMessage = *description;
    return f;
}

ConventionTags::Utf8Fields
ConventionTags::extractMessageTags(std::vector<Attributes::Utf8Item> *items)
{
    Utf8Fields f;
    std::optional<std::string_view> description;
    std::optional<std::string_view> error;
    std::string_view libraryName;
    std::string_view libraryVersion;
    auto take = [&](const Attributes::Utf8Item &item) {
        if (!item.isText)
            return false;
        const std::string_view key = Utf8Text::withoutBom(item.key);
        const std::string_view text = item.text;
        // Most tags are none of these: rule them out by their first letter.
        if (key.empty() || (key[0] != 'o' && key[0] != 'e' && key[0] != 's' && key[0] != 'w'))
            return false;
        if (key == "otel.status_code") {
            StatusCode code = StatusCode::Unset;
            if (!Utf8Text::statusFromName(text, &code))
                return false;
            f.status = code;
        } else if (key == "otel.status_description") {
            description = text;
        } else if (key == "error") {
            error = text;
        } else if (key == "span.kind") {
            const SpanKind kind = Utf8Text::spanKindFromName(text);
            if (kind == SpanKind::Unspecified)
                return false;
            f.kind = kind;
        } else if (key == "otel.scope.name") {
            f.scopeName = text;
        } else if (key == "otel.scope.version") {
            f.scopeVersion = text;
        } else if (key == "otel.library.name") {
            libraryName = text;
        } else if (key == "otel.library.version") {
            libraryVersion = text;
        } else if (key == "w3c.tracestate") {
            f.traceState = text;
        } else {
            return false;
        }
        return true;
    };
    std::erase_if(*items, take);

    // The pre-1.0 "otel.library.*" names count only when the current ones are absent.
    if (Utf8Text::withoutBom(f.scopeName).empty())
        f.scopeName = libraryName;
    if (Utf8Text::withoutBom(f.scopeVersion).empty())
        f.scopeVersion = libraryVersion;
    if (error && (!f.status || f.status == StatusCode::Error)) {
        f.status = StatusCode::Error;
        f.statusMessage = Utf8Text::toQString(*error);
    }
    if (description)
        f.statusMessage = Utf8Text::toQString(*description);
    return f;
}

} // namespace traceflow
