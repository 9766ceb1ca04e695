// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QString>
#include <QStringView>

#include <array>
#include <cstdint>

namespace traceflow {

// Service colours: a fixed palette of distinct hues without red (red means error), and an
// assignment that gives a service the same colour in every view. Each name has a preferred
// slot (a hash of the name); a ServicePalette hands out slots in order of first use, moving
// to the next free slot when the preferred one is taken, so its first ColorCount services
// always get distinct colours. Colours are 0xRRGGBB: core does not depend on QtGui.
class ServicePalette
{
public:
    static constexpr int ColorCount = 18;

    // The colour of slot index; any index wraps around the palette.
    static std::uint32_t color(int index);
    // Deterministic across runs and platforms: FNV-1a of the UTF-16 name.
    static int preferredIndex(QStringView service);

    // The slot of service, assigned on first use. Once every slot is taken, services share:
    // a newcomer gets its preferred slot.
    int indexOf(QStringView service);
    int assignedCount() const { return int(m_slots.size()); }
    void clear();

private:
    QHash<QString, int> m_slots;
    std::array<bool, ColorCount> m_used{};
};

// The preferred slot of a service name (ServicePalette::preferredIndex), for views that
// colour services without a shared palette.
int serviceColorIndex(QStringView service);

} // namespace traceflow
