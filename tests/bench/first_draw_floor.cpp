// first_draw_floor: the least a first frame can cost with this machine's OpenGL driver, for
// comparison with the kiosk's first draw (ui_bench runs it). It opens a window as the kiosk does
// (SFML, 1280x800, no antialiasing), then times the first clear, the first draw of one textured,
// blended quad (the one GL state the kiosk draws a screen in: ui/draw_batch.h) and the first
// display, each waited for with glFinish. With Mesa's software renderer the draw is mostly the
// driver generating code for that state. Prints "<clear> <draw> <display>" in ms of process CPU,
// then the same in ms of wall time.
#include <cstdio>
#include <ctime>
#include <utility>

#include <SFML/Graphics.hpp>
#include <SFML/OpenGL.hpp>

namespace {

double ms(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Mark {
    double cpu = ms(CLOCK_PROCESS_CPUTIME_ID);
    double wall = ms(CLOCK_MONOTONIC);
};

}  // namespace

int main() {
    sf::ContextSettings gl;
    gl.antialiasingLevel = 0;
    sf::RenderWindow window(sf::VideoMode(1280, 800), "first_draw_floor", sf::Style::Titlebar, gl);
    window.setPosition({0, 0});
    sf::Image white;
    white.create(128, 128, sf::Color(255, 255, 255, 255));
    sf::Texture texture;
    if (!texture.loadFromImage(white)) return 1;
    texture.setSmooth(true);
    sf::VertexArray quad(sf::Triangles);
    for (const auto& [x, y] :
         {std::pair{0.f, 0.f}, {200.f, 0.f}, {0.f, 100.f}, {0.f, 100.f}, {200.f, 0.f}, {200.f, 100.f}})
        quad.append(sf::Vertex({x + 100, y + 100}, sf::Color(30, 90, 160), {1, 1}));
    sf::RenderStates states;
    states.texture = &texture;

    const Mark start;
    window.clear(sf::Color(243, 240, 233));
    glFinish();
    const Mark cleared;
    window.draw(quad, states);
    glFinish();
    const Mark drawn;
    window.display();
    glFinish();
    const Mark shown;
    std::printf("%.2f %.2f %.2f\n%.2f %.2f %.2f\n", cleared.cpu - start.cpu, drawn.cpu - cleared.cpu,
                shown.cpu - drawn.cpu, cleared.wall - start.wall, drawn.wall - cleared.wall, shown.wall - drawn.wall);
    return 0;
}
