# SPDX-License-Identifier: MIT
# Trace comparison (Jaeger's TraceDiff): the compare page, its model and delegate, and the
# controller that fetches the two traces. Included by app/CMakeLists.txt into traceflow_app.
set(TRACECOMPARE_SOURCES
    tracecomparecontroller.cpp tracecomparecontroller.h
    tracecomparedelegate.cpp tracecomparedelegate.h
    tracecomparemodel.cpp tracecomparemodel.h
    tracecompareview.cpp tracecompareview.h
)
