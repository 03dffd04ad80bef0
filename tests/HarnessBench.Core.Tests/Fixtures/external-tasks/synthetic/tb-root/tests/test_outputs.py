def test_conf():
    assert "8080" in open("/etc/nginx/sites-enabled/default").read()
