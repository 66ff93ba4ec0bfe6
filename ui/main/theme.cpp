#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <memory>

namespace stackdeck::ui {

namespace {
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x23, 0x24, 0x2a), base(0x1b, 0x1c, 0x21), text(0xe6, 0xe6, 0xeb), mid(0x3a, 0x3c, 0x45);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x27, 0x2e));
    p.setColor(QPalette::ToolTipBase, QColor(0x30, 0x31, 0x38));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa8));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2c, 0x2d, 0x34));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x6c, 0x5f, 0xc7));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x40, 0x42, 0x4c));
    p.setColor(QPalette::Midlight, mid);
    p.setColor(QPalette::Mid, QColor(0x30, 0x31, 0x38));
    p.setColor(QPalette::Dark, QColor(0x15, 0x15, 0x19));
    p.setColor(QPalette::Shadow, Qt::black);
    const QColor disabled(0x80, 0x82, 0x8c);
    p.setColor(QPalette::Disabled, QPalette::Text, disabled);
    p.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
    return p;
}

QPalette lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = fusion->standardPalette();
    p.setColor(QPalette::Highlight, QColor(0x6c, 0x5f, 0xc7));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x6e, 0x70, 0x7c));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x8e, 0x90, 0x9a));
    return p;
}
} // namespace

void applyTheme(ThemeMode mode)
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    switch (mode) {
    case ThemeMode::Dark:
        QApplication::setPalette(darkPalette());
        break;
    case ThemeMode::Light:
        QApplication::setPalette(lightPalette());
        break;
    case ThemeMode::System:
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    }
}

ThemeMode themeFromName(const QString& name)
{
    if (name == QLatin1String("dark"))
        return ThemeMode::Dark;
    if (name == QLatin1String("light"))
        return ThemeMode::Light;
    return ThemeMode::System;
}

QString themeName(ThemeMode mode)
{
    switch (mode) {
    case ThemeMode::Dark:
        return QStringLiteral("dark");
    case ThemeMode::Light:
        return QStringLiteral("light");
    default:
        return QStringLiteral("system");
    }
}

} // namespace stackdeck::ui
