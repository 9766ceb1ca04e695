// SPDX-License-Identifier: MIT
#include "servicepalette.h"

namespace traceflow {

namespace {

// Nine hues (red left out), each in a strong and a lighter tone, interleaved so that
// neighbouring slots (taken when a preferred slot is busy) still differ clearly. All are dark
// enough for bars on white and light enough on a dark background.
constexpr std::array<std::uint32_t, ServicePalette::ColorCount> Palette = {
    0xae7032, 0x5bc8c5, 0xae9532, 0x5b9ec8, 0x66ae32, 0x5b76c8, 0x32ae66, 0x8e5bc8, 0x32aeaa,
    0xc85bb2, 0x327fae, 0xc8915b, 0x3251ae, 0xc8b25b, 0x6c32ae, 0x88c85b, 0xae3295, 0x5bc888};

} // namespace

std::uint32_t ServicePalette::color(int index)
{
    const int slot = ((index % ColorCount) + ColorCount) % ColorCount;
    return Palette[std::size_t(slot)];
}

int ServicePalette::preferredIndex(QStringView service)
{
    std::uint32_t hash = 2166136261u;
    for (QChar c : service) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    return int(hash % ColorCount);
}

int ServicePalette::indexOf(QStringView service)
{
    const auto it = m_slots.constFind(service.toString());
    if (it != m_slots.constEnd())
        return it.value();
    const int preferred = preferredIndex(service);
    int slot = preferred;
    if (m_slots.size() < ColorCount) {
        while (m_used[std::size_t(slot)])
            slot = (slot + 1) % ColorCount;
        m_used[std::size_t(slot)] = true;
    }
    m_slots.insert(service.toString(), slot);
    return slot;
}

void ServicePalette::clear()
{
    m_slots.clear();
    m_used.fill(false);
}

int serviceColorIndex(QStringView service)
{
    return ServicePalette::preferredIndex(service);
}

} // namespace traceflow
