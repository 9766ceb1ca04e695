// SPDX-License-Identifier: MIT
#include "readerreply.h"

#include "clickhouseerror.h"
#include "routecontext.h"
#include "tracereader.h"

namespace traceflow {

HttpReply ReaderReply::run(const RouteContext &context, std::function<HttpReply()> answer)
{
    auto guarded = [answer = std::move(answer)]() {
        try {
            return answer();
        } catch (const ClickHouseError &e) {
            return HttpReply::error(e.httpStatus(), QString::fromUtf8(e.what()));
        }
    };
    if (!context.reader->isRemote())
        return guarded();
    HttpReply reply = HttpReply::later(std::move(guarded));
    reply.waitsOnNetwork = true;
    return reply;
}

} // namespace traceflow
