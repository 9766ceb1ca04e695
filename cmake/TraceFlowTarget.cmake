# SPDX-License-Identifier: MIT
# The house rules every TraceFlow target follows: strict Qt string casts, warnings, hardening.
function(traceflow_configure_target target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII
        QT_NO_CAST_TO_ASCII
        QT_USE_QSTRINGBUILDER
        QT_NO_FOREACH
        QT_NO_URL_CAST_FROM_STRING
        TRACEFLOW_VERSION="${PROJECT_VERSION}")
    target_compile_options(${target} PRIVATE -Wall -Wextra -pedantic)
    # Debian's hardening for optimised builds: checked libc calls, read-only relocations.
    target_compile_definitions(${target} PRIVATE
        $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:_FORTIFY_SOURCE=2>)
    target_link_options(${target} PRIVATE -Wl,-z,relro,-z,now)
endfunction()
