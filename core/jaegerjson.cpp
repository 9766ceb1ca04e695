// SPDX-License-Identifier: MIT
#include "jaegerjson.h"

#include "jaegerjsondecoder.h"
#include "jsonvalues.h"

namespace traceflow {

bool JaegerJson::decode(std::string_view body, DecodedBatch *out, QString *error)
{
    JsonTape tape;
    if (!tape.parse(body, error))
        return false;
    return decodeDocument(tape.root(), out, error);
}

bool JaegerJson::decodeDocument(JsonValue root, DecodedBatch *out, QString *error)
{
    const JsonValue data = root.find("data");
    if (!data.isArray()) {
        *error = QStringLiteral("expected a JSON object with a \"data\" array of Jaeger traces");
        return false;
    }
    JaegerJsonDecoder(out).decodeTraces(data);
    return true;
}

} // namespace traceflow
