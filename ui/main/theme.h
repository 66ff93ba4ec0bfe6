#pragma once

#include <QString>

namespace stackdeck::ui {

enum class ThemeMode { System, Light, Dark };

// Fusion with a light or dark palette (System keeps the platform's palette).
void applyTheme(ThemeMode mode);
ThemeMode themeFromName(const QString& name);
QString themeName(ThemeMode mode);

} // namespace stackdeck::ui
