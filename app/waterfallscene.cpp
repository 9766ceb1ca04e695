// SPDX-License-Identifier: MIT
#include "waterfallscene.h"

#include "servicepalette.h"

#include <algorithm>
#include <unordered_map>

namespace traceflow {

void WaterfallScene::setTrace(std::shared_ptr<const AssembledTrace> trace)
{
    m_trace = std::move(trace);
    m_rows = m_trace ? WaterfallRows::fromTrace(*m_trace) : WaterfallRows();
    m_matches.clear();
    m_matched.clear();
    m_services.clear();
    m_colorIndex.clear();
    m_critical.clear();
    m_criticalStart.clear();
    if (m_colors.empty()) {
        for (int i = 0; i < ServicePalette::ColorCount; ++i)
            m_colors.push_back(QColor::fromRgb(ServicePalette::color(i)));
    }
    if (!m_trace)
        return;

    // A fresh palette per trace, fed in order of appearance: a service gets the colour the
    // trace list gives it unless two services of this trace would share one.
    ServicePalette palette;
    struct Seen
    {
        std::size_t service;
        unsigned char slot;
    };
    std::unordered_map<StringPool::Id, Seen> seen;
    const std::size_t n = m_trace->spans.size();
    m_colorIndex.resize(n);
    StringPool::Id lastId = 0;
    const Seen *last = nullptr;
    for (std::size_t i = 0; i < n; ++i) {
        const Span &span = m_trace->spans[i].span;
        // Neighbouring spans mostly share a service: skip the hash lookup then.
        if (!last || span.serviceId != lastId) {
            auto it = seen.find(span.serviceId);
            if (it == seen.end()) {
                const QString name = span.service();
                const auto slot = static_cast<unsigned char>(palette.indexOf(name));
                it = seen.emplace(span.serviceId, Seen{m_services.size(), slot}).first;
                m_services.push_back({name, m_colors[slot], 0, 0});
            }
            last = &it->second;
            lastId = span.serviceId;
        }
        m_colorIndex[i] = last->slot;
        Service &service = m_services[last->service];
        ++service.spans;
        if (span.isError())
            ++service.errors;
    }

    m_critical = m_trace->criticalPath;
    std::stable_sort(m_critical.begin(), m_critical.end(),
                     [](const CriticalSection &a, const CriticalSection &b) { return a.span < b.span; });
    m_criticalStart.assign(n + 1, 0);
    for (const CriticalSection &section : m_critical)
        ++m_criticalStart[std::size_t(section.span) + 1];
    for (std::size_t i = 1; i <= n; ++i)
        m_criticalStart[i] += m_criticalStart[i - 1];
}

qint64 WaterfallScene::duration() const
{
    return m_trace ? std::max<qint64>(1, m_trace->durationNs()) : 1;
}

std::pair<const CriticalSection *, const CriticalSection *>
WaterfallScene::criticalSections(int index) const
{
    if (m_criticalStart.empty())
        return {nullptr, nullptr};
    const CriticalSection *base = m_critical.data();
    return {base + m_criticalStart[std::size_t(index)], base + m_criticalStart[std::size_t(index) + 1]};
}

void WaterfallScene::setMatches(std::vector<int> matches)
{
    m_matches = std::move(matches);
    m_matched.assign(m_matches.empty() ? 0 : std::size_t(spanCount()), 0);
    for (int index : m_matches)
        m_matched[std::size_t(index)] = 1;
}

} // namespace traceflow
