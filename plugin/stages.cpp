#include "plugin/stages.h"

#include <memory>

namespace audisp_ima {

EnrichStages make_enrich_stages(const HashResolverOptions& hashes, LocalSystem* system) {
    EnrichStages out;
    auto resolver = std::make_unique<HashResolver>(hashes, system);
    out.hashes = resolver.get();
    out.stages.push_back(std::move(resolver));
    return out;
}

}  // namespace audisp_ima
