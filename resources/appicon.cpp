// SPDX-License-Identifier: MIT
#include "appicon.h"

#include <QString>

namespace traceflow {

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/%1x%1/apps/traceflow.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace traceflow
