// SPDX-License-Identifier: MIT
#pragma once

#include "collectorconfig.h"

#include <QString>

class QCoreApplication;

namespace traceflow {

// traceflow-collector's command line. --help and --version print and exit; options given on
// the command line override those of --config FILE.
class CommandLine
{
public:
    // False with *error for a malformed option value or an unreadable or malformed config file.
    static bool parse(const QCoreApplication &app, CollectorConfig *config, QString *error);
};

} // namespace traceflow
