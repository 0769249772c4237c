// The production chain from grouped records to enriched events, without I/O: EventAssembler then
// the hash stage. LocalSystem is a test double when given (tests/support/fake_system.h).
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "enrich/hash_resolver.h"
#include "parser/event_assembler.h"
#include "tests/support/event_lines.h"

namespace audisp_ima::test {

struct ExecChain {
    EventAssembler assembler;
    HashResolver hashes;

    explicit ExecChain(HashResolverOptions options = {}, LocalSystem* system = nullptr) : hashes(options, system) {}

    std::vector<Event> run(const std::vector<std::string>& lines) {
        std::vector<Event> out;
        assembler.assemble(event_from_lines(lines), out);
        for (auto& event : out) {
            auto* exec = std::get_if<ExecEvent>(&event);
            if (!exec) continue;
            if (exec->is_execution()) hashes.enrich(*exec);
            else if (!exec->measurements.empty()) hashes.learn_standalone(exec->key, exec->measurements.front().record);
        }
        return out;
    }

    ExecEvent exec(const std::vector<std::string>& lines) {
        auto out = run(lines);
        REQUIRE(out.size() == 1);
        REQUIRE(std::holds_alternative<ExecEvent>(out[0]));
        return std::get<ExecEvent>(out[0]);
    }
};

}  // namespace audisp_ima::test
