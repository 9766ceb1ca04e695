# SPDX-License-Identifier: MIT
# The trace view's sources (TraceView, waterfall, minimap, span details), included by
# app/CMakeLists.txt into traceflow_app. Paths are relative to app/.
set(TRACEVIEW_SOURCES
    minimap.cpp minimap.h
    spandetailsmodel.cpp spandetailsmodel.h
    spandetailsview.cpp spandetailsview.h
    traceheader.cpp traceheader.h
    traceservicegraph.cpp traceservicegraph.h
    traceview.cpp traceview.h
    waterfall.cpp waterfall.h
    waterfallgeometry.cpp waterfallgeometry.h
    waterfallpainter.cpp waterfallpainter.h
    waterfallscene.cpp waterfallscene.h
)
