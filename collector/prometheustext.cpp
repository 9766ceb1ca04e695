// SPDX-License-Identifier: MIT
#include "prometheustext.h"

namespace traceflow::prometheus {

QByteArray label(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

void header(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArrayLiteral("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type
        + '\n';
}

void sampleText(QByteArray &out, const char *name, const QByteArray &labels,
                const QByteArray &value)
{
    out += name;
    if (!labels.isEmpty())
        out += '{' + labels + '}';
    out += ' ' + value + '\n';
}

} // namespace traceflow::prometheus
