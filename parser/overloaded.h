// One lambda per event kind for std::visit: a kind without its lambda does not compile, where a
// chain of get_if would compile and then fall through at run time.
#pragma once

namespace audisp_ima {

template <class... Handlers>
struct Overloaded : Handlers... {
    using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace audisp_ima
