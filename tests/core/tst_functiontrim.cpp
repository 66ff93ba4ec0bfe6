// Function-name trimming (docs/grouping-algorithm.md §8). Expectations follow
// the behaviour of Sentry's trim_function_name as exercised by its own test
// suite (tests/sentry/stacktraces/test_functions.py), minus the IL2CPP suffix
// rules added upstream in 2026, which `newstyle:2023-01-11` predates.

#include "grouping/functiontrim.h"

#include <QTest>

using namespace stackdeck::grouping;

class TestFunctionTrim : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void native_data();
    void native();
    void cocoa_data();
    void cocoa();
    void csharp_data();
    void csharp();
    void otherPlatformsUntouched();
    void families();
};

void TestFunctionTrim::native_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* in, const char* out) {
        QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
    };
    row("plain", "function", "function");
    row("qualified", "namespace::Class::function", "namespace::Class::function");
    row("only-const", " const ", " const ");
    row("trailing-const-word", " namespace::const ", "namespace::");
    row("rust-hash", "namespace::function::h9de5fbebc1652d47", "namespace::function");
    row("msvc-anon-namespace", "?A0xc3a0617d::crash", "`anonymous namespace'::crash");
    row("cpp-args", "Scaleform::GFx::AS3::IMEManager::DispatchEvent(char const *,char const *,char const *)",
        "Scaleform::GFx::AS3::IMEManager::DispatchEvent");
    row("cpp-return-static-const",
        "static unsigned int Scaleform::GFx::AS3::IMEManager::DispatchEvent(char const *,char const *,char const *) "
        "const",
        "Scaleform::GFx::AS3::IMEManager::DispatchEvent");
    row("cpp-refs",
        "Scaleform::GFx::IME::GImeNamesManagerVista::OnActivated(unsigned long,unsigned short,_GUID const &,_GUID "
        "const "
        "&,_GUID const &,HKL__ *,unsigned long)",
        "Scaleform::GFx::IME::GImeNamesManagerVista::OnActivated");
    row("rust-trait-impl",
        "<actix_web::pipeline::Pipeline<S, H> as actix_web::server::handler::HttpHandlerTask>::poll_io",
        "actix_web::pipeline::Pipeline<T>::poll_io");
    row("objc-class", "+[FLFoo barBaz]", "+[FLFoo barBaz]");
    row("objc-instance", "-[FLFoo barBaz]", "-[FLFoo barBaz]");
    row("rust-generic-self", "<tokio_current_thread::scheduler::Scheduled<'a, U>>::tick",
        "tokio_current_thread::scheduler::Scheduled<T>::tick");
    row("rust-closures",
        "tokio::runtime::current_thread::runtime::Runtime::enter::{{closure}}::{{closure}}::{{closure}}::{{closure}}",
        "tokio::runtime::current_thread::runtime::Runtime::enter::{{closure}}::{{closure}}::{{closure}}::{{closure}}");
    row("rust-fnonce", "<std::panic::AssertUnwindSafe<F> as core::ops::function::FnOnce<()>>::call_once",
        "std::panic::AssertUnwindSafe<T>::call_once");
    row("msvc-struct-return",
        "struct style::gecko_bindings::sugar::ownership::Strong<style::gecko_bindings::structs::root::"
        "RawServoStyleSheetContents> geckoservo::glue::Servo_StyleSheet_Empty(style::gecko_bindings::structs::root::"
        "mozilla::css::SheetParsingMode) const",
        "geckoservo::glue::Servo_StyleSheet_Empty");
    row("msvc-notype", "static <NoType> std::panicking::begin_panic<str*>(struct str*, struct (str*, u32, u32) *)",
        "std::panicking::begin_panic<T>");
    row("anonymous-namespace-generic", "(anonymous namespace)::StupidFunction<std::vector<std::string>>(int)",
        "(anonymous namespace)::StupidFunction<T>");
    row("space-before-args", "static unsigned int _foo_function (uint32_t,uint32_t) const", "_foo_function");
    row("operator-shift",
        "v8::internal::operator<<(std::__1::basic_ostream<char, std::__1::char_traits<char> >&, "
        "v8::internal::MaybeObjectBrief const&)",
        "v8::internal::operator<<");
    row("operator-shift-anon",
        "unsigned int (anonymous namespace)::operator<<(std::__1::basic_ostream<char, std::__1::char_traits<char> >&, "
        "v8::internal::MaybeObjectBrief const&)",
        "(anonymous namespace)::operator<<");
    row("operator-call",
        "unsigned int mynamespace::MyClass::operator()(std::__1::basic_ostream<char, std::__1::char_traits<char> >&, "
        "v8::internal::MaybeObjectBrief const&)",
        "mynamespace::MyClass::operator()");
    row("msvc-operator-generic",
        "std::basic_ostream<char, std::char_traits<char> >& std::operator<< <std::char_traits<char> "
        ">(std::basic_ostream<char, std::char_traits<char> >&, char)",
        "std::operator<< <T>");
    row("rust-hash-after-impl",
        "<actix::contextimpl::ContextFut<A, C> as futures::future::Future>::poll::h9de5fbebc1652d47",
        "actix::contextimpl::ContextFut<T>::poll");
    row("rust-blanket", "<T as core::convert::Into<U>>::into", "core::convert::Into<T>::into");
    row("msvc-decl", "ThreadStartWhatever@16", "ThreadStartWhatever");
    row("msvc-fastcall-decl", "@ThreadStartWhatever@16", "ThreadStartWhatever");
    row("swift-objc-arrow", "@objc ViewController.causeCrash(Any) -> ()", "ViewController.causeCrash");
    row("swift-arrow", "ViewController.causeCrash(Any) -> ()", "ViewController.causeCrash");
    row("swift-nested-arrow", "@objc ViewController.causeCrash(Any, Foo -> Bar) -> SomeObject",
        "ViewController.causeCrash");
    row("swift-return-type", "ViewController.causeCrash(Any) -> SomeObject", "ViewController.causeCrash");
    row("clang-lambda", "main::$_0", "main::lambda");
    row("clang-lambda-42", "main::$_42", "main::lambda");
    row("gcc-lambda", "main::{lambda(int)#1}", "main::lambda");
    row("gcc-lambda-noargs", "main::{lambda()#42}", "main::lambda");
    row("msvc-lambda", "lambda_7156c3ceaa11256748687ab67e3ef4cd", "lambda");
    row("msvc-lambda-generic", "<lambda_7156c3ceaa11256748687ab67e3ef4cd>::operator()", "<lambda>::operator()");
    row("gcc-clone", "trigger_crash_a(int*) [clone .constprop.0]", "trigger_crash_a");
    row("gcc-clone-cold", "ShellCorona::screenInvariants() const [clone .cold]", "ShellCorona::screenInvariants");
    row("gcc-clone-cold-2", "__gnu_cxx::__verbose_terminate_handler() [clone .cold]",
        "__gnu_cxx::__verbose_terminate_handler");
    row("operator-arrow", "std::__1::unique_ptr<X,std::default_delete<X> >::operator->",
        "std::__1::unique_ptr<T>::operator->");
    row("glibc-double", "pthread_cond_timedwait@@GLIBC_2.3.2", "pthread_cond_timedwait");
    row("glibc-single", "glob64@GLIBC_2.2", "glob64");
    row("swift-throws", "static Namespace.ThrowingFunction() throws -> Namespace.ExitValue?",
        "Namespace.ThrowingFunction");
    row("swift-closure-mainactor",
        "closure #1 @Swift.MainActor () -> () in static Foo.CallFunction(args: [Swift.String]) -> ()",
        "closure in Foo.CallFunction");
    row("swift-closure", "closure #1 () -> () in Bar.PostTask(() -> ()) -> ()", "closure in Bar.PostTask");
    row("swift-closure-initializer",
        "closure #1 @Sendable () -> Swift.String in variable initialization expression of static Namespace.Class.var : "
        "Namespace.Parent",
        "closure in initializer expression of Namespace.Class.var");
    row("swift-initializer", "variable initialization expression of static Namespace.Class.var : Namespace.Parent",
        "initializer expression of Namespace.Class.var");
    row("swift-initializer-extension",
        "closure #1 () -> () in variable initialization expression of static (extension in "
        "SpaceCreation):Namespace.Class.var : Namespace.Parent",
        "closure in initializer expression of Namespace.Class.var");
    row("anonymous-namespace-args", "(anonymous namespace)::foo(int)", "(anonymous namespace)::foo");
    row("namespace-args", "foo::bar::foo(int)", "foo::bar::foo");
    row("redacted-kept", "<redacted>", "<redacted>");
    row("unknown-kept", "<unknown>", "<unknown>");
}

void TestFunctionTrim::native()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(trimFunctionName(input.toStdString(), "native")), expected);
}

void TestFunctionTrim::cocoa_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("thunk-escaping") << QStringLiteral("thunk for @escaping @callee_guaranteed () -> ()")
                                    << QStringLiteral("thunk for closure");
    QTest::newRow("specialized-thunk") << QStringLiteral(
        "specialized thunk for @callee_guaranteed (@guaranteed [T1]) -> (@owned [T2])")
                                       << QStringLiteral("thunk for closure");
    QTest::newRow("partial-apply-thunk") << QStringLiteral(
        "partial apply for thunk for @callee_guaranteed () -> (@error @owned Error)")
                                         << QStringLiteral("thunk for closure");
    QTest::newRow("partial-apply-thunk-args")
        << QStringLiteral("partial apply for thunk for @escaping @callee_guaranteed (@guaranteed SomeType, @guaranteed "
                          "[String : SomeType2], @guaranteed SomeType3) -> ()")
        << QStringLiteral("thunk for closure");
    QTest::newRow("closure") << QStringLiteral("closure #1 (T1) in foo(bar: T2)") << QStringLiteral("closure in foo");
    QTest::newRow("nested-closure") << QStringLiteral(
        "partial apply for closure #1 () in closure #2 (T1) in f1(_: T2, arg: T3)")
                                    << QStringLiteral("closure in f1");
}

void TestFunctionTrim::cocoa()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(trimFunctionName(input.toStdString(), "cocoa")), expected);
}

void TestFunctionTrim::csharp_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unity-noargs") << QStringLiteral("UnityEngine.Events.InvokableCall.Invoke ()")
                                  << QStringLiteral("UnityEngine.Events.InvokableCall.Invoke");
    QTest::newRow("unity-generic") << QStringLiteral(
        "UnityEngine.EventSystems.ExecuteEvents.Execute[T] (UnityEngine.GameObject target, "
        "UnityEngine.EventSystems.BaseEventData eventData, "
        "UnityEngine.EventSystems.ExecuteEvents+EventFunction`1[T1] functor)")
                                   << QStringLiteral("UnityEngine.EventSystems.ExecuteEvents.Execute[T]");
    QTest::newRow("no-space-paren") << QStringLiteral("Foo.Bar(int)") << QStringLiteral("Foo.Bar(int)");
}

void TestFunctionTrim::csharp()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(trimFunctionName(input.toStdString(), "csharp")), expected);
}

void TestFunctionTrim::otherPlatformsUntouched()
{
    QCOMPARE(trimFunctionName("foo(int) const", "python"), std::string("foo(int) const"));
    QCOMPARE(trimFunctionName("Object.foo", "javascript"), std::string("Object.foo"));
    QCOMPARE(trimFunctionName("+[foo:(bar)]", "objc"), std::string("+[foo:(bar)]"));
    QCOMPARE(trimFunctionName("[foo:(bar)]", "objc"), std::string("[foo:(bar)]"));
    QCOMPARE(trimFunctionName("-[foo:(bar)]", "objc"), std::string("-[foo:(bar)]"));
}

void TestFunctionTrim::families()
{
    QCOMPARE(familyForPlatform("cocoa"), Family::Native);
    QCOMPARE(familyForPlatform("c"), Family::Native);
    QCOMPARE(familyForPlatform("node"), Family::JavaScript);
    QCOMPARE(familyForPlatform("python"), Family::Other);
    QVERIFY(platformTrimsFunctions("csharp"));
    QVERIFY(!platformTrimsFunctions("java"));
}

QTEST_GUILESS_MAIN(TestFunctionTrim)
#include "tst_functiontrim.moc"
