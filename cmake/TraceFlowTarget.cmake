# SPDX-License-Identifier: MIT
# The house rules every TraceFlow target follows: strict Qt string casts and warnings.
function(traceflow_configure_target target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII
        QT_NO_CAST_TO_ASCII
        QT_USE_QSTRINGBUILDER
        QT_NO_FOREACH
        QT_NO_URL_CAST_FROM_STRING
        TRACEFLOW_VERSION="${PROJECT_VERSION}")
    target_compile_options(${target} PRIVATE -Wall -Wextra -pedantic)
endfunction()
