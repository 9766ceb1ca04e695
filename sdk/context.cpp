// SPDX-License-Identifier: MIT
#include "context.h"

namespace traceflow::sdk {

Context &Context::currentRef()
{
    thread_local Context current;
    return current;
}

const Context &Context::current()
{
    return currentRef();
}

} // namespace traceflow::sdk
