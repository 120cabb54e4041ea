def test_dbg(world):
    print("IDS", world.school.pk, world.branch.pk, world.school.municipality_id)
    from orbita.partnerships import services
    import inspect
    print(inspect.getsource(services.partnership_create)[:1500])
