// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>

namespace traceflow {

// The TraceFlow icon at the bitmap sizes compiled into the executable (16 to 256 px), for
// QApplication::setWindowIcon. The installed hicolor theme icon carries the same drawing.
QIcon applicationIcon();

} // namespace traceflow
